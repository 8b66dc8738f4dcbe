import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { ThingHappened, waitFor } from '@b2b/messaging/testing';
import { binaryPath, startKafkaTestBroker } from '@b2b/kafka-test-broker';
import { createTestDatabase } from '@b2b/testing';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'testing', 'consumer-process.fixture.ts');
const SESSION_TIMEOUT_MS = 3000;
const RECOVERY_TIMEOUT_MS = 8000;
/** Booting a process (SWC, Nest, Kafka join) on a loaded machine. */
const BOOT_DEADLINE_MS = 180_000;
const GIVE_UP_DEADLINE_MS = 120_000;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const skipped = existsSync(binaryPath) ? null : `the Kafka test broker is not built (${binaryPath})`;
(skipped ? describe.skip : describe)('a service process whose consumer cannot recover', () => {
  it('answers 503 naming the group, then logs why and exits 1 after CONSUMER_RECOVERY_TIMEOUT_MS', async () => {
    const broker = await startKafkaTestBroker({ topics: [{ name: ThingHappened.topic, partitions: 3 }] });
    const database = await createTestDatabase('process');
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', FIXTURE], {
      cwd: ROOT,
      env: {
        ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: broker.bootstrap, JWT_SECRET: 'x'.repeat(40), PORT: String(port), HOST: '127.0.0.1',
        KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS), KAFKA_MAX_WAIT_MS: '100', CONSUMER_RECOVERY_TIMEOUT_MS: String(RECOVERY_TIMEOUT_MS), KAFKA_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));
    const health = async (): Promise<{ status: number; body: string }> => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        return { status: res.status, body: await res.text() };
      } catch {
        return { status: 0, body: '' };
      }
    };
    try {
      await waitFor(async () => exitCode !== undefined || (await health()).status === 200, 'the process to become ready', BOOT_DEADLINE_MS, 250);
      if (exitCode !== undefined) throw new Error(`the process exited with ${exitCode} before it was ready:\n${output.join('')}`);

      await broker.setBrokerDown(0);
      const unready = await waitFor(async () => {
        const h = await health();
        return h.status === 503 ? h : null;
      }, 'a 503 from /api/health', GIVE_UP_DEADLINE_MS, 100);
      expect(JSON.parse(unready.body)).toMatchObject({ statusCode: 503, message: expect.stringContaining('consumer group fixture.things (') });

      await waitFor(() => exitCode !== undefined, 'the process to give up and exit', GIVE_UP_DEADLINE_MS, 250);
      expect(exitCode).toBe(1);
      expect(output.join('')).toMatch(/giving up: consumer group fixture\.things of fixture has been (stalled|restarting) since .* \(longer than 8000 ms\)/);
      console.log(`/api/health while the broker was down: ${unready.body}\n${output.join('').split('\n').filter((l) => l.includes('giving up')).join('\n')}`);
    } finally {
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
      await broker.stop();
      await database.drop();
    }
  }, BOOT_DEADLINE_MS + 2 * GIVE_UP_DEADLINE_MS + 30_000);
});
