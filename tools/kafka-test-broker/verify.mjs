#!/usr/bin/env node
// End-to-end check of the test broker with kafkajs: idempotent producer,
// consumer group + rebalance, offset commits, broker outage, admin metadata.
// kafkajs is loaded from the caller's node_modules: first relative to the
// current directory (or NODE_PATH), then relative to this file.
//   node tools/kafka-test-broker/verify.mjs [--brokers N] [--verbose]
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKafkaTestBroker } from './index.mjs';

const verbose = process.argv.includes('--verbose');
const brokerCount = Number(process.argv[process.argv.indexOf('--brokers') + 1]) || 1;

function loadKafkajs() {
  for (const base of [path.join(process.cwd(), 'noop.js'), import.meta.url]) {
    try {
      return createRequire(base)('kafkajs');
    } catch (err) {
      if (err.code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  console.error('verify: kafkajs not found; run it from a folder whose node_modules has kafkajs');
  process.exit(2);
}
const { Kafka, logLevel, Partitioners } = loadKafkajs();

// ------------------------------------------------------------------ helpers
const timings = [];
const logs = [];
async function timed(label, fn) {
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  timings.push([label, ms]);
  console.log(`  ok  ${label} (${ms.toFixed(0)} ms)`);
  return result;
}
function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}
async function waitFor(what, pred, timeoutMs = 10_000, stepMs = 5) {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(stepMs);
  }
}

// Client settings that work well against the test broker (see README.md).
const CONSUMER_SETTINGS = {
  sessionTimeout: 6000,
  rebalanceTimeout: 10000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 100,
  retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 8 },
};
const CLIENT_RETRY = { initialRetryTime: 100, maxRetryTime: 1000, retries: 8 };

const TOPIC = 'verify-orders';
const GROUP = 'verify-group';
const KEYS = 10;
const COUNT = 100;

// ------------------------------------------------------------------ the run
const broker = await timed('start broker', () => startKafkaTestBroker({ brokers: brokerCount, partitions: 3 }));
console.log(`      bootstrap ${broker.bootstrap}`);

const kafka = new Kafka({
  clientId: 'verify',
  brokers: broker.brokers,
  retry: CLIENT_RETRY,
  logLevel: logLevel.INFO,
  logCreator: () => ({ namespace, level, label, log }) => {
    const line = `${label} [${namespace}] ${log.message} ${JSON.stringify({ ...log, message: undefined, timestamp: undefined, logger: undefined })}`;
    logs.push(line);
    if (verbose) console.log(`      | ${line}`);
  },
});

const admin = kafka.admin();
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const consumers = [];
let exitCode = 0;

try {
  await timed('admin connect', () => admin.connect());

  // Topic creation: through the Kafka API (patched-in CreateTopics) and
  // through the launcher's stdin command.
  await timed('admin.createTopics (3 partitions)', async () => {
    const created = await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
    check(created === true, 'createTopics returned true');
  });
  await timed('broker.createTopic (launcher command)', () => broker.createTopic('verify-precreated', 2));
  const dup = await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
  check(dup === false, 'creating an existing topic returns false');

  await timed('producer connect (idempotent, InitProducerId)', () => producer.connect());

  await timed(`produce ${COUNT} keyed messages, one send() each`, async () => {
    for (let i = 0; i < COUNT; i++) {
      const key = `k${i % KEYS}`;
      await producer.send({
        topic: TOPIC,
        messages: [{ key, value: String(Math.floor(i / KEYS)) }],
      });
    }
  });

  // ---------------------------------------------------------- consumer 1
  const received = []; // {consumer, key, value, partition, offset}
  const joins = []; // {consumer, at, assignment}
  function makeConsumer(name) {
    const c = kafka.consumer({ groupId: GROUP, ...CONSUMER_SETTINGS });
    c.on(c.events.GROUP_JOIN, (e) => {
      joins.push({ consumer: name, at: performance.now(), assignment: e.payload.memberAssignment });
    });
    c.on(c.events.CRASH, (e) => logs.push(`${name} CRASH ${e.payload.error?.message}`));
    consumers.push(c);
    return c;
  }
  async function runConsumer(c, name) {
    await c.connect();
    await c.subscribe({ topic: TOPIC, fromBeginning: true });
    await c.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          consumer: name,
          key: message.key.toString(),
          value: Number(message.value.toString()),
          partition,
          offset: message.offset,
        });
      },
    });
  }

  const c1 = makeConsumer('c1');
  await timed('consumer c1: connect + join group (first join)', async () => {
    await runConsumer(c1, 'c1');
    await waitFor('c1 join', () => joins.some((j) => j.consumer === 'c1'));
  });
  await timed(`consumer c1: receive all ${COUNT} messages`, () =>
    waitFor('100 messages', () => received.length >= COUNT));

  // Per-key order and exactly-once delivery.
  const perKey = new Map();
  for (const r of received) {
    if (!perKey.has(r.key)) perKey.set(r.key, []);
    perKey.get(r.key).push(r.value);
  }
  check(received.length === COUNT, `received ${received.length} messages, expected ${COUNT}`);
  check(perKey.size === KEYS, `${perKey.size} keys`);
  for (const [key, values] of perKey) {
    check(values.every((v, i) => v === i), `key ${key} in order: ${values.join(',')}`);
  }
  console.log('  ok  per-key order and no duplicates');

  // Offsets: kafkajs auto-commits after each batch; wait for all 100.
  const committedTotal = async () => {
    const [t] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    return t.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  };
  await timed('offsets committed (admin.fetchOffsets sums to 100)', async () => {
    const deadline = Date.now() + 10_000;
    let total;
    while ((total = await committedTotal()) < COUNT) {
      if (Date.now() > deadline) throw new Error(`committed offsets sum to ${total}`);
      await sleep(20);
    }
  });

  // ---------------------------------------------------------- rebalance
  const c2 = makeConsumer('c2');
  const joinsBefore = joins.length;
  const rebalanceStart = performance.now();
  await runConsumer(c2, 'c2');
  await waitFor('rebalance with c1 and c2', () => {
    const recent = joins.slice(joinsBefore);
    return recent.some((j) => j.consumer === 'c1') && recent.some((j) => j.consumer === 'c2');
  });
  const rebalanceMs = performance.now() - rebalanceStart;
  timings.push(['rebalance: c2 joins, c1 rejoins (from c2.run())', rebalanceMs]);
  console.log(`  ok  rebalance with second consumer (${rebalanceMs.toFixed(0)} ms)`);
  check(rebalanceMs < 2000, `rebalance took ${rebalanceMs.toFixed(0)} ms (limit 2000)`);
  const lastAssignment = (name) => joins.filter((j) => j.consumer === name).at(-1).assignment[TOPIC] ?? [];
  const a1 = lastAssignment('c1');
  const a2 = lastAssignment('c2');
  console.log(`      assignment c1=${JSON.stringify(a1)} c2=${JSON.stringify(a2)}`);
  check([...a1, ...a2].sort().join() === '0,1,2', 'partitions 0..2 split between c1 and c2');

  await timed('after rebalance: 30 more messages consumed by the group', async () => {
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i % KEYS}`, value: String(10 + Math.floor(i / KEYS)) })),
    });
    await waitFor('130 messages', () => received.length >= COUNT + 30);
  });
  await sleep(200);
  check(received.length === COUNT + 30, `no redelivery after rebalance (got ${received.length})`);
  const byConsumer = received.slice(COUNT).reduce((m, r) => ({ ...m, [r.consumer]: (m[r.consumer] ?? 0) + 1 }), {});
  console.log(`      new messages per consumer ${JSON.stringify(byConsumer)}`);

  // ---------------------------------------------------------- outage
  // With several brokers take them all down: the mock does not move partition
  // leadership away from a down broker (see README), so a single-broker outage
  // would leave its partitions unreachable in a way a real cluster would not.
  const outageId = brokerCount > 1 ? -1 : 0;
  await timed(`broker ${outageId === -1 ? 'all' : 0} down`, () => broker.setBrokerDown(outageId));
  const outageStart = performance.now();
  const sendDuringOutage = producer.send({ topic: TOPIC, messages: [{ key: 'k0', value: '13' }] });
  await sleep(1000);
  await broker.setBrokerUp(outageId);
  const upAt = performance.now();
  await sendDuringOutage;
  const sentAt = performance.now();
  timings.push(['outage: send() started while down (1 s), resolved after up', sentAt - outageStart]);
  timings.push(['outage: send() resolved this long after broker up', sentAt - upAt]);
  console.log(`  ok  producer retried through a 1 s outage (send took ${(sentAt - outageStart).toFixed(0)} ms, ${(sentAt - upAt).toFixed(0)} ms after up)`);
  await timed('outage: message consumed after recovery', () =>
    waitFor('message after outage', () => received.length >= COUNT + 31, 20_000));

  // ---------------------------------------------------------- admin
  const meta = await timed('admin.fetchTopicMetadata', () => admin.fetchTopicMetadata({ topics: [TOPIC, 'verify-precreated'] }));
  for (const t of meta.topics) {
    console.log(`      ${t.name}: ${t.partitions.map((p) => `p${p.partitionId}@${p.leader}`).join(' ')}`);
  }
  check(meta.topics.find((t) => t.name === TOPIC).partitions.length === 3, '3 partitions');
  const topics = await admin.listTopics();
  console.log(`      listTopics: ${topics.sort().join(', ')}`);
  await timed('admin.deleteTopics', () => admin.deleteTopics({ topics: ['verify-precreated'] }));
  check(!(await admin.listTopics()).includes('verify-precreated'), 'topic deleted');

  await timed('disconnect consumers (LeaveGroup)', () => Promise.all(consumers.map((c) => c.disconnect())));
  consumers.length = 0;
  console.log('\nverify: PASS');
} catch (err) {
  exitCode = 1;
  console.error(`\nverify: FAIL: ${err.stack || err}`);
  console.error('--- last kafkajs log lines ---');
  for (const l of logs.slice(-40)) console.error(l);
} finally {
  await Promise.allSettled(consumers.map((c) => c.disconnect()));
  await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  await broker.stop();
}

console.log('\ntimings:');
for (const [label, ms] of timings) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${label}`);
process.exit(exitCode);
