import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import kafkajs from 'kafkajs';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { Envelope } from '@b2b/contracts';
import type { IncomingMessage, Subscription } from '@b2b/messaging';
import { messagingContract, ThingHappened, waitFor, type ThingHappenedV1 } from '@b2b/messaging/testing';
import { binaryPath, startKafkaTestBroker } from '@b2b/kafka-test-broker';
import { KafkaPublisher, KafkaSubscriber, type KafkaLog, type KafkaPublisherOptions, type KafkaSubscriberOptions } from './index.js';

// Runs against KAFKA_BROKERS (set by the int project's global setup); the outage test starts its own
// Kafka test broker, because taking the shared one down would break the files running beside it.
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
const COMPANY = '44444444-4444-4444-8444-444444444444';

const logs: string[] = [];
const log: KafkaLog = (level, message) => {
  if (process.env['KAFKA_TEST_LOG']) console.log(`${level}: ${message}`);
  else logs.push(`${level}: ${message}`);
};
/** Short timeouts: a rebalance costs about one heartbeatInterval, an idle fetch one maxWaitTimeInMs. */
const publisherSettings = (at: readonly string[]): KafkaPublisherOptions => ({
  brokers: at, clientId: 'int-spec', log, logLevel: 'warn', retry: { initialRetryTime: 100, maxRetryTime: 1000 },
});
const subscriberSettings = (at: readonly string[]): KafkaSubscriberOptions => ({
  ...publisherSettings(at), sessionTimeout: 6000, heartbeatInterval: 300, rebalanceTimeout: 5000,
  maxWaitTimeInMs: 100, handlerRetry: { initialDelayMs: 50, maxDelayMs: 1000 },
});

let run = '';
const thing = (key: string, seq: number, overrides: Partial<Envelope> = {}): Envelope => {
  const payload: ThingHappenedV1 = { run, key: `${run}:${key}`, seq, companyId: COMPANY };
  return {
    eventId: randomUUID(), type: ThingHappened.type, version: ThingHappened.version, topic: ThingHappened.topic,
    key: ThingHappened.key(payload), companyId: COMPANY, correlationId: randomUUID(), causationId: null, actor: null,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), payload, ...overrides,
  };
};
/** A handler that sees only this test's messages (the topic is shared by every test and run). */
const ofThisRun = (handle: (p: ThingHappenedV1, m: IncomingMessage) => Promise<void>) => async (m: IncomingMessage) => {
  const p = m.payload as ThingHappenedV1;
  if (p.run === run) await handle(p, m);
};
const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));

const suite = brokers.length > 0 ? describe : describe.skip;
if (brokers.length === 0) console.log('Kafka adapter int-spec skipped: KAFKA_BROKERS is not set (B2B_TEST_KAFKA=off?)');

suite('Kafka adapter', () => {
  messagingContract('kafka', async () => {
    const publisher = await KafkaPublisher.open(publisherSettings(brokers));
    const subscriber = new KafkaSubscriber(subscriberSettings(brokers));
    return { publisher, subscriber, close: async () => void (await Promise.all([publisher.close(), subscriber.close()])) };
  });

  describe('KafkaPublisher and KafkaSubscriber', () => {
    let publisher: KafkaPublisher;
    let subscriber: KafkaSubscriber;
    const kafka = new kafkajs.Kafka({ clientId: 'int-spec-raw', brokers, logLevel: kafkajs.logLevel.NOTHING });

    beforeAll(async () => {
      publisher = await KafkaPublisher.open(publisherSettings(brokers));
      subscriber = new KafkaSubscriber(subscriberSettings(brokers));
    });
    afterAll(async () => {
      await Promise.all([publisher.close(), subscriber.close()]);
    });
    beforeEach(() => {
      run = randomUUID().slice(0, 8);
    });

    it('writes the envelope as Kafka headers, the key as record key and the payload as JSON value', async () => {
      const full = thing('h', 0, { causationId: randomUUID(), actor: { userId: randomUUID(), companyId: COMPANY, role: 'sales' } });
      const bare = thing('h', 1);
      await publisher.publish([full, bare]);

      const records = new Map<string, KafkaMessage>();
      const consumer = kafka.consumer({ groupId: `raw-${run}`, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topics: [ThingHappened.topic], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void records.set(String(message.headers?.['event-id']), message) });
      try {
        await waitFor(() => records.has(full.eventId) && records.has(bare.eventId), 'both records');
      } finally {
        await consumer.disconnect();
      }
      const record = records.get(full.eventId)!;
      expect(record.key?.toString()).toBe(full.key);
      expect(JSON.parse(record.value!.toString())).toEqual(full.payload);
      expect(headersOf(record.headers)).toEqual({
        'event-id': full.eventId, 'event-type': 'test.ThingHappened', 'event-version': '1',
        'correlation-id': full.correlationId, 'causation-id': full.causationId, 'company-id': COMPANY,
        actor: JSON.stringify(full.actor), 'occurred-at': full.occurredAt,
      });
      const bareHeaders = headersOf(records.get(bare.eventId)!.headers);
      expect(Object.keys(bareHeaders).sort()).toEqual(['company-id', 'correlation-id', 'event-id', 'event-type', 'event-version', 'occurred-at']);
    });

    it('reads envelopes written by another client and skips records without envelope headers', async () => {
      const received: IncomingMessage[] = [];
      const sub = await subscriber.subscribe({ group: `foreign-${run}`, contracts: [ThingHappened], handle: ofThisRun(async (_p, m) => void received.push(m)) });
      const sent = thing('x', 2, { causationId: randomUUID() });
      const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
      await producer.connect();
      try {
        await producer.send({
          topic: ThingHappened.topic,
          messages: [
            { key: sent.key, value: JSON.stringify(thing('x', 0).payload) }, // no headers
            { key: sent.key, value: 'not json', headers: { 'event-id': randomUUID(), 'event-type': sent.type, 'event-version': '1' } },
            {
              key: sent.key, value: JSON.stringify(sent.payload),
              headers: {
                'event-id': sent.eventId, 'event-type': sent.type, 'event-version': '1', 'correlation-id': sent.correlationId,
                'causation-id': sent.causationId!, 'company-id': COMPANY, 'occurred-at': sent.occurredAt,
              },
            },
          ],
        });
        await waitFor(() => received.length === 1, 'the well-formed record');
        await sleep(200);
        expect(received.map((m) => m.envelope)).toEqual([sent]);
        const skipped = logs.filter((l) => l.includes(`[foreign-${run}] skipped undecodable message`));
        expect(skipped.some((l) => l.includes('header event-version is missing'))).toBe(true);
        expect(skipped.some((l) => l.includes('the value is not JSON'))).toBe(true);
      } finally {
        await Promise.all([producer.disconnect(), sub.close()]);
      }
    });

    it('holds back only the partition of a failing message; the other partitions go on', async () => {
      const admin = kafka.admin();
      await admin.connect();
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [ThingHappened.topic] })).topics;
      await admin.disconnect();
      const partitionMetadata = metadata!.partitions.map((p) => ({ ...p, leader: 0 }));
      const partitionOf = (key: string) => kafkajs.Partitioners.DefaultPartitioner()({ topic: ThingHappened.topic, partitionMetadata, message: { key: `${run}:${key}`, value: null } });
      const other = ['b', 'c', 'd', 'e', 'f', 'g', 'h'].find((k) => partitionOf(k) !== partitionOf('a'))!;

      let blocked = true;
      let failures = 0;
      const handled: string[] = [];
      const sub = await subscriber.subscribe({
        group: `isolate-${run}`, contracts: [ThingHappened],
        handle: ofThisRun(async ({ key, seq }) => {
          if (key === `${run}:a` && blocked) {
            failures++;
            throw new Error('not handled on purpose');
          }
          handled.push(`${key.slice(run.length + 1)}${seq}`);
        }),
      });
      try {
        await publisher.publish([thing('a', 0), thing('a', 1), thing(other, 0)]);
        await waitFor(() => handled.includes(`${other}0`) && failures >= 1, 'the other partition while a0 fails');
        await publisher.publish([thing(other, 1)]);
        await waitFor(() => handled.includes(`${other}1`), 'a later message of the other partition');
        expect(handled.filter((h) => h.startsWith('a'))).toEqual([]);
        blocked = false;
        await waitFor(() => handled.includes('a1'), 'a0 and a1 once the handler recovers');
        expect(handled.filter((h) => h.startsWith('a'))).toEqual(['a0', 'a1']);
      } finally {
        await sub.close();
      }
    });

    it('resumes after the committed offset when a consumer restarts: no committed message again, the uncommitted one again', async () => {
      const group = `restart-${run}`;
      const first: number[] = [];
      let failures = 0;
      let sub: Subscription = await subscriber.subscribe({
        group, contracts: [ThingHappened],
        handle: ofThisRun(async ({ seq }) => {
          if (seq === 3) {
            failures++;
            throw new Error('not handled on purpose');
          }
          first.push(seq);
        }),
      });
      await publisher.publish([0, 1, 2].map((seq) => thing('r', seq)));
      await waitFor(() => first.length === 3, 'the first three messages');
      await publisher.publish([thing('r', 3), thing('r', 4)]);
      await waitFor(() => failures >= 2, 'two failed attempts at message 3');
      await sub.close();
      expect(first).toEqual([0, 1, 2]);

      const second: number[] = [];
      sub = await subscriber.subscribe({ group, contracts: [ThingHappened], handle: ofThisRun(async ({ seq }) => void second.push(seq)) });
      try {
        await waitFor(() => second.length >= 2, 'messages 3 and 4 after the restart');
        await sleep(300);
        expect(second).toEqual([3, 4]);
      } finally {
        await sub.close();
      }
    });
  });
});

const outageSkipped = existsSync(binaryPath) ? null : `the Kafka test broker is not built (${binaryPath}); run tools/kafka-test-broker/build.sh`;
if (outageSkipped) console.log(`Kafka outage test skipped: ${outageSkipped}`);

(outageSkipped ? describe.skip : describe)('Kafka adapter during a broker outage (own test broker)', () => {
  beforeEach(() => {
    run = randomUUID().slice(0, 8);
  });

  it('publishes once the broker is back, and the consumer then receives the message', async () => {
    const broker = await startKafkaTestBroker({ topics: [{ name: ThingHappened.topic, partitions: 3 }] });
    const publisher = await KafkaPublisher.open(publisherSettings(broker.brokers));
    const subscriber = new KafkaSubscriber(subscriberSettings(broker.brokers));
    try {
      const got: number[] = [];
      await subscriber.subscribe({ group: `outage-${run}`, contracts: [ThingHappened], handle: ofThisRun(async ({ seq }) => void got.push(seq)) });
      await publisher.publish([thing('o', 0)]);
      await waitFor(() => got.length === 1, 'the message sent before the outage');

      await broker.setBrokerDown(-1);
      let outcome: unknown = 'pending';
      const publishing = publisher.publish([thing('o', 1)]).then(
        () => void (outcome = 'published'),
        (error: unknown) => void (outcome = error),
      );
      await sleep(1000);
      expect(outcome).toBe('pending');
      await broker.setBrokerUp(-1);

      await publishing;
      expect(outcome).toBe('published');
      await waitFor(() => got.length === 2, 'the message sent during the outage', 15_000);
      expect(got).toEqual([0, 1]);
    } finally {
      await Promise.all([publisher.close(), subscriber.close()]);
      await broker.stop();
    }
  });
});
