import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ALL_TOPICS } from '@b2b/contracts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'] as const;

export interface DistributedOptions {
  /** Gateway port (0: any free port). */
  readonly port?: number;
  /** A PostgreSQL server URL; each service gets its own database `<prefix>_<service>` on it. */
  readonly databaseUrl: string;
  readonly databasePrefix?: string;
  /** Drop the databases on stop (tests). */
  readonly dropDatabases?: boolean;
  /** Kafka bootstrap; when absent the Kafka test broker is started (and stopped with the run). */
  readonly kafkaBrokers?: string;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

export interface DistributedRun {
  readonly url: string;
  readonly kafkaBrokers: string;
  /** The connection string of a service's database. */
  databaseUrl(service: string): string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const databaseUrlFor = (serverUrl: string, database: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const ensureDatabases = async (serverUrl: string, names: readonly string[]): Promise<void> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const name of names) {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (!rowCount) await client.query(`create database ${name}`);
    }
  } finally {
    await client.end();
  }
};

const dropDatabases = async (serverUrl: string, names: readonly string[]): Promise<void> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
};

const waitForHealth = async (url: string, children: readonly ChildProcess[], timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`a process exited during start-up (${dead.spawnargs.at(-1)}, code ${dead.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the distributed run did not become healthy within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** Starts the six services and the gateway as separate processes against one PostgreSQL server
 *  (a database each) and Kafka (the test broker unless KAFKA brokers are given). */
export const startDistributed = async (options: DistributedOptions): Promise<DistributedRun> => {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const prefix = options.databasePrefix ?? 'b2b';
  const databases = SERVICES.map((s) => `${prefix}_${s}`);
  await ensureDatabases(options.databaseUrl, databases);

  let stopBroker = async (): Promise<void> => {};
  let kafkaBrokers: string;
  if (options.kafkaBrokers) {
    kafkaBrokers = options.kafkaBrokers;
  } else {
    const { startKafkaTestBroker } = await import('@b2b/kafka-test-broker');
    const broker = await startKafkaTestBroker({ partitions: 3, topics: [...ALL_TOPICS] });
    kafkaBrokers = broker.bootstrap;
    stopBroker = () => broker.stop();
    log(`[distributed] Kafka test broker on ${kafkaBrokers}`);
  }

  const jwtSecret = randomBytes(32).toString('hex');
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<(typeof SERVICES)[number], number>;
  const gatewayPort = options.port ?? 3000;
  const children: ChildProcess[] = [];
  const start = (name: string, entry: string, env: Record<string, string>): void => {
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', entry], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', ...env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`[${name}] ${line}`);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    children.push(child);
  };

  for (const service of SERVICES) {
    start(service, `apps/${service}/src/main.ts`, {
      DATABASE_URL: databaseUrlFor(options.databaseUrl, `${prefix}_${service}`), KAFKA_BROKERS: kafkaBrokers, EVENT_STORE: 'postgres',
      JWT_SECRET: jwtSecret, PORT: String(ports[service]), HOST: '127.0.0.1',
      KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_MAX_WAIT_MS: '100',
      ...(service === 'agreements'
        ? { BOOTSTRAP_ADMIN_EMAIL: options.adminEmail ?? 'admin@supplier.example', BOOTSTRAP_ADMIN_PASSWORD: options.adminPassword ?? 'change-me-now' }
        : {}),
    });
  }
  const upstream = (s: (typeof SERVICES)[number]): string => `http://127.0.0.1:${ports[s]}`;
  const actualGatewayPort = gatewayPort === 0 ? await freePort() : gatewayPort;
  start('gateway', 'apps/gateway/src/main.ts', {
    PORT: String(actualGatewayPort), HOST: '127.0.0.1',
    AGREEMENTS_URL: upstream('agreements'), CATALOG_URL: upstream('catalog'), ORDERING_URL: upstream('ordering'),
    APPROVALS_URL: upstream('approvals'), INVOICING_URL: upstream('invoicing'), DELIVERY_URL: upstream('delivery'),
  });

  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await stopBroker();
    if (options.dropDatabases) await dropDatabases(options.databaseUrl, databases);
  };

  const url = `http://127.0.0.1:${actualGatewayPort}`;
  try {
    await waitForHealth(url, children, 120_000);
  } catch (error: unknown) {
    await stop();
    throw error;
  }
  return { url, kafkaBrokers, databaseUrl: (service) => databaseUrlFor(options.databaseUrl, `${prefix}_${service}`), stop };
};
