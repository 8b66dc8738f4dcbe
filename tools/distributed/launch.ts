import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ALL_TOPICS } from '@b2b/contracts';
import type { KafkaTestBroker } from '@b2b/kafka-test-broker';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'] as const;
export type ServiceName = (typeof SERVICES)[number];

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
  /** Told when a service or the gateway exits that was not stopped through `kill` or `stop` (a crash,
   *  or a service giving up): a supervisor may `restart` it. */
  readonly onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface DistributedRun {
  readonly url: string;
  readonly kafkaBrokers: string;
  /** The names of the run's own databases (`<prefix>_<service>`), on the server of `databaseUrl`. */
  readonly databases: readonly string[];
  /** The Kafka test broker the run started (for outages: setBrokerDown(0) / setBrokerUp(0)); null when
   *  `kafkaBrokers` were given. */
  readonly broker: KafkaTestBroker | null;
  /** The connection string of a service's database. */
  databaseUrl(service: string): string;
  /** Sends `signal` (default SIGKILL) to a service's process; resolves when it has exited. A service
   *  already stopped resolves at once. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts a stopped service again (same port, database and environment); resolves when its own
   *  /api/health answers 200, rejects when it exits first or `timeoutMs` (default 120 s) passes. */
  restart(service: ServiceName, timeoutMs?: number): Promise<void>;
  /** Whether the service's process is running. */
  running(service: ServiceName): boolean;
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

/** Drops the databases (closing their connections first); used by stop() and by the soak's clean-up. */
export const dropDatabases = async (serverUrl: string, names: readonly string[]): Promise<void> => {
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
    const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (dead) throw new Error(`a process exited during start-up (${dead.spawnargs.at(-1)}, code ${dead.exitCode ?? dead.signalCode})`);
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })).status === 200) return;
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
  let testBroker: KafkaTestBroker | null = null;
  let kafkaBrokers: string;
  if (options.kafkaBrokers) {
    kafkaBrokers = options.kafkaBrokers;
  } else {
    const { startKafkaTestBroker } = await import('@b2b/kafka-test-broker');
    const broker = await startKafkaTestBroker({ partitions: 3, topics: [...ALL_TOPICS] });
    kafkaBrokers = broker.bootstrap;
    stopBroker = () => broker.stop();
    testBroker = broker;
    log(`[distributed] Kafka test broker on ${kafkaBrokers}`);
  }

  const jwtSecret = randomBytes(32).toString('hex');
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<(typeof SERVICES)[number], number>;
  const gatewayPort = options.port ?? 3000;
  const children = new Map<string, ChildProcess>();
  const commands = new Map<string, { entry: string; env: Record<string, string> }>();
  const expectedExits = new Set<ChildProcess>();
  let stopping = false;
  const start = (name: string, entry: string, env: Record<string, string>): ChildProcess => {
    commands.set(name, { entry, env });
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
    child.once('exit', (code, signal) => {
      if (!stopping && !expectedExits.delete(child)) options.onUnexpectedExit?.(name, code, signal);
    });
    children.set(name, child);
    return child;
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
    stopping = true;
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
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
    await waitForHealth(url, [...children.values()], 120_000);
  } catch (error: unknown) {
    await stop();
    throw error;
  }
  const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
      : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const kill = async (service: ServiceName, signal: NodeJS.Signals = 'SIGKILL') => {
    const child = children.get(service)!;
    if (child.exitCode === null && child.signalCode === null) {
      expectedExits.add(child);
      child.kill(signal);
    }
    return exited(child);
  };
  const running = (service: ServiceName): boolean => {
    const child = children.get(service)!;
    return child.exitCode === null && child.signalCode === null;
  };
  const restart = async (service: ServiceName, timeoutMs = 120_000): Promise<void> => {
    if (running(service)) throw new Error(`${service} is still running; kill it first`);
    const { entry, env } = commands.get(service)!;
    const child = start(service, entry, env);
    await waitForHealth(upstream(service), [child], timeoutMs);
  };
  return {
    url, kafkaBrokers, databases, broker: testBroker, databaseUrl: (service) => databaseUrlFor(options.databaseUrl, `${prefix}_${service}`),
    kill, restart, running, stop,
  };
};
