#!/usr/bin/env node
// Start a Kafka test broker in the foreground (target of `npm run kafka:test-broker`).
//   node tools/kafka-test-broker/cli.mjs [--brokers N] [--partitions P]
//        [--topic NAME[:P]]... [--port PORT] [--bootstrap-file FILE]
//        [--rebalance-max-ms MS] [--fetch-max-wait-ms MS] [--debug]
// Lines typed on stdin are passed to the broker: `topic NAME P`, `down ID`, `up ID`.
import { rmSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { startKafkaTestBroker } from './index.mjs';

function usage(code) {
  console.log(`Usage: cli.mjs [--brokers N] [--partitions P] [--topic NAME[:P]]...
               [--port PORT] [--bootstrap-file FILE] [--rebalance-max-ms MS]
               [--fetch-max-wait-ms MS] [--debug]`);
  process.exit(code);
}

const opts = { topics: [] };
let bootstrapFile;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) usage(2);
    return argv[++i];
  };
  const int = () => {
    const v = value();
    if (!/^\d+$/.test(v)) {
      console.error(`${a}: not a number: ${v}`);
      process.exit(2);
    }
    return Number(v);
  };
  switch (a) {
    case '--brokers': opts.brokers = int(); break;
    case '--partitions': opts.partitions = int(); break;
    case '--port': opts.port = int(); break;
    case '--rebalance-max-ms': opts.rebalanceMaxMs = int(); break;
    case '--fetch-max-wait-ms': opts.fetchMaxWaitMs = int(); break;
    case '--topic': opts.topics.push(value()); break;
    case '--bootstrap-file': bootstrapFile = path.resolve(value()); break;
    case '--debug': opts.debug = true; break;
    case '-h': case '--help': usage(0); break;
    default:
      console.error(`unknown option: ${a}`);
      usage(2);
  }
}

const broker = await startKafkaTestBroker({ ...opts, unrefWhenIdle: false });

if (bootstrapFile) {
  const tmp = `${bootstrapFile}.${process.pid}.tmp`;
  writeFileSync(tmp, `${broker.bootstrap}\n`);
  renameSync(tmp, bootstrapFile);
}

console.log(`Kafka test broker ready: ${broker.bootstrap}`);
console.log(`  brokers: ${broker.brokers.map((b, i) => `${i}=${b}`).join(' ')}`);
if (bootstrapFile) console.log(`  bootstrap written to ${bootstrapFile}`);
console.log(`  e.g. KAFKA_BROKERS=${broker.bootstrap}`);
console.log('  In-memory only: topics and offsets are gone when it stops.');
console.log('  Commands on stdin: "topic NAME PARTITIONS", "down ID", "up ID". Ctrl-C to stop.');

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (bootstrapFile) rmSync(bootstrapFile, { force: true });
  await broker.stop();
  process.exit(code);
}
broker.exited.then((info) => {
  if (stopping) return;
  console.error(`Kafka test broker exited unexpectedly (${info})`);
  if (bootstrapFile) rmSync(bootstrapFile, { force: true });
  process.exit(1);
});
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

// Forward interactive commands. EOF on stdin (e.g. run in the background)
// does not stop the broker.
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const [cmd, ...rest] = line.trim().split(/\s+/);
  try {
    if (cmd === 'topic' && rest.length === 2) await broker.createTopic(rest[0], Number(rest[1]));
    else if (cmd === 'down' && rest.length === 1) await broker.setBrokerDown(Number(rest[0]));
    else if (cmd === 'up' && rest.length === 1) await broker.setBrokerUp(Number(rest[0]));
    else if (cmd === 'quit' || cmd === 'exit') return shutdown(0);
    else if (cmd) throw new Error('commands: topic NAME PARTITIONS | down ID | up ID | quit');
    else return;
    console.log('OK');
  } catch (err) {
    console.log(`ERR ${err.message}`);
  }
});
rl.on('close', () => {});
