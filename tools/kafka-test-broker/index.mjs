// kafka-test-broker: start a real Kafka-protocol broker (librdkafka's mock
// cluster, patched) as a child process. See README.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Path of the compiled broker (override with KAFKA_TEST_BROKER_BIN). */
export const binaryPath =
  process.env.KAFKA_TEST_BROKER_BIN || path.join(here, '.build', 'kafka-test-broker');

const STARTUP_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Build the broker binary with build.sh unless it already exists.
 * Synchronous; build output goes to stderr. Safe to call concurrently
 * (build.sh takes a lock).
 */
export function ensureBuilt() {
  if (existsSync(binaryPath)) return binaryPath;
  if (process.env.KAFKA_TEST_BROKER_BIN) {
    throw new Error(`KAFKA_TEST_BROKER_BIN=${binaryPath} does not exist`);
  }
  const res = spawnSync('bash', [path.join(here, 'build.sh')], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (res.error) throw res.error;
  if (res.status !== 0 || !existsSync(binaryPath)) {
    throw new Error(`kafka-test-broker: build.sh failed (exit ${res.status})`);
  }
  return binaryPath;
}

function topicArg(t) {
  if (typeof t === 'string') return t;
  if (t && typeof t.name === 'string' && Number.isInteger(t.partitions)) {
    return `${t.name}:${t.partitions}`;
  }
  throw new TypeError(`invalid topic spec: ${JSON.stringify(t)}`);
}

/**
 * Start a broker. Resolves once it accepts connections.
 *
 * @param {object} [options]
 * @param {number} [options.brokers=1] broker count; ids are 0..brokers-1
 * @param {number} [options.partitions=3] partitions of auto-created topics
 * @param {Array<string|{name:string,partitions:number}>} [options.topics] topics to pre-create
 * @param {number} [options.port] fixed ports: broker i listens on port+i
 * @param {number} [options.rebalanceMaxMs] cap on waiting for group members that do not rejoin
 * @param {number} [options.fetchMaxWaitMs=200] longest time an empty Fetch is parked
 *   (0 = the client's maxWaitTimeInMs); produced data always answers it at once
 * @param {boolean} [options.debug] forward librdkafka's mock debug log to stderr
 * @param {boolean} [options.unrefWhenIdle=true] do not keep the Node event loop alive
 *   while no command is pending (a forgotten stop() does not hang the test runner;
 *   the broker exits anyway when this process exits, as its stdin closes)
 */
export async function startKafkaTestBroker(options = {}) {
  const bin = ensureBuilt();
  const args = [];
  if (options.brokers != null) args.push('--brokers', String(options.brokers));
  if (options.partitions != null) args.push('--partitions', String(options.partitions));
  for (const t of options.topics ?? []) args.push('--topic', topicArg(t));
  if (options.port != null) args.push('--port', String(options.port));
  if (options.rebalanceMaxMs != null) args.push('--rebalance-max-ms', String(options.rebalanceMaxMs));
  if (options.fetchMaxWaitMs != null) args.push('--fetch-max-wait-ms', String(options.fetchMaxWaitMs));
  if (options.debug) args.push('--debug');
  const unrefWhenIdle = options.unrefWhenIdle ?? true;

  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderrTail = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    if (options.debug || process.env.KAFKA_TEST_BROKER_LOG) process.stderr.write(chunk);
    stderrTail.push(chunk);
    while (stderrTail.length > 50) stderrTail.shift();
  });
  // Writes after the child died must not crash the caller.
  child.stdin.on('error', () => {});

  let exited = false;
  let exitInfo = '';
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
  });

  // Keep the event loop alive only while we wait for the broker.
  let busy = 0;
  const setRef = () => {
    const fn = busy > 0 || !unrefWhenIdle ? 'ref' : 'unref';
    child[fn]();
    for (const s of [child.stdin, child.stdout, child.stderr]) s?.[fn]?.();
  };
  const hold = () => { busy++; setRef(); };
  const release = () => { busy--; setRef(); };

  const failure = (what) =>
    new Error(`kafka-test-broker ${what} (${exitInfo || 'still running'})` +
      (stderrTail.length ? `:\n${stderrTail.join('').trim()}` : ''));

  // stdout: first "BOOTSTRAP ..." line, then one OK/ERR line per command (FIFO).
  const pending = [];
  let onBootstrap;
  const bootstrapLine = new Promise((resolve, reject) => {
    onBootstrap = { resolve, reject };
  });
  const rl = readline.createInterface({ input: child.stdout });
  rl.on('line', (line) => {
    if (onBootstrap) {
      const b = onBootstrap;
      onBootstrap = null;
      if (line.startsWith('BOOTSTRAP ')) b.resolve(line.slice('BOOTSTRAP '.length).trim());
      else b.reject(failure(`printed unexpected first line: ${line}`));
      return;
    }
    const p = pending.shift();
    if (!p) return;
    if (line === 'OK') p.resolve();
    else p.reject(new Error(`kafka-test-broker: ${p.cmd}: ${line.replace(/^ERR /, '')}`));
  });
  exitPromise.then(() => {
    onBootstrap?.reject(failure('exited before it was ready'));
    onBootstrap = null;
    for (const p of pending.splice(0)) p.reject(failure(`exited during '${p.cmd}'`));
  });
  child.on('error', (err) => {
    onBootstrap?.reject(err);
    onBootstrap = null;
  });

  hold();
  let bootstrap;
  try {
    bootstrap = await withTimeout(bootstrapLine, STARTUP_TIMEOUT_MS, () => failure('did not start in time'));
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    release();
  }

  function command(cmd) {
    if (exited) return Promise.reject(failure(`is not running ('${cmd}')`));
    hold();
    const p = new Promise((resolve, reject) => {
      pending.push({ cmd, resolve, reject });
      child.stdin.write(`${cmd}\n`);
    });
    return withTimeout(p, COMMAND_TIMEOUT_MS, () => {
      // Replies are matched in order: after a lost reply nothing is reliable.
      child.kill('SIGKILL');
      return failure(`did not answer '${cmd}' (killed)`);
    }).finally(release);
  }

  const checkName = (name) => {
    if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(name)) {
      throw new TypeError(`invalid topic name: ${name}`);
    }
  };
  const checkInt = (n, what) => {
    if (!Number.isInteger(n)) throw new TypeError(`invalid ${what}: ${n}`);
  };

  let stopping;
  return {
    bootstrap,
    brokers: bootstrap.split(','),
    /** Resolves (with e.g. "exit code 0") when the broker process has exited. */
    exited: exitPromise.then(() => exitInfo),
    /** Create a topic (rejects if it exists). */
    async createTopic(name, partitions) {
      checkName(name);
      checkInt(partitions, 'partition count');
      await command(`topic ${name} ${partitions}`);
    },
    /** Broker closes all connections and refuses new ones (-1: all brokers). */
    async setBrokerDown(id) {
      checkInt(id, 'broker id');
      await command(`down ${id}`);
    },
    /** Broker accepts connections again, on the same port. */
    async setBrokerUp(id) {
      checkInt(id, 'broker id');
      await command(`up ${id}`);
    },
    /** Stop the broker (all data is lost). Idempotent. */
    stop() {
      stopping ??= (async () => {
        if (exited) return;
        hold();
        try {
          child.stdin.end('quit\n');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exitPromise;
          clearTimeout(timer);
        } finally {
          release();
        }
      })();
      return stopping;
    },
  };
}

function withTimeout(promise, ms, makeError) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(makeError()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
