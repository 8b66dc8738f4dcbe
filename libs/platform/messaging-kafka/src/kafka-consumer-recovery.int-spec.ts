import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it, expect } from '@jest/globals';
import kafkajs from 'kafkajs';
import type { Envelope } from '@b2b/contracts';
import type { Subscription } from '@b2b/messaging';
import { ThingHappened, waitFor, type ThingHappenedV1 } from '@b2b/messaging/testing';
import { binaryPath, startKafkaTestBroker } from '@b2b/kafka-test-broker';
import { KafkaPublisher, KafkaSubscriber, type KafkaLog, type KafkaSubscriberOptions } from './index.js';

// Each test starts its own Kafka test broker: taking the shared one down would break the files beside it.
const COMPANY = '44444444-4444-4444-8444-444444444444';
const SESSION_TIMEOUT_MS = 3000;
/** Longer than the session timeout, so the coordinator forgets every member while the broker is down. */
const OUTAGE_MS = 2 * SESSION_TIMEOUT_MS;
/** How long every group may take to consume again once the broker is back (backoff, rejoin, fetch). */
const RECOVERY_DEADLINE_MS = 60_000;
const JOIN_DEADLINE_MS = 30_000;

const lines: string[] = [];
const log: KafkaLog = (level, message) => {
  const line = `${new Date().toISOString()} ${level}: ${message}`;
  lines.push(line);
  if (process.env['KAFKA_TEST_LOG']) console.log(line);
};

const thing = (run: string, seq: number): Envelope => {
  const payload: ThingHappenedV1 = { run, key: `${run}:k${seq % 5}`, seq, companyId: COMPANY };
  return {
    eventId: randomUUID(), type: ThingHappened.type, version: ThingHappened.version, topic: ThingHappened.topic,
    key: ThingHappened.key(payload), companyId: COMPANY, correlationId: randomUUID(), causationId: null, actor: null,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), payload,
  };
};

const skipped = existsSync(binaryPath) ? null : `the Kafka test broker is not built (${binaryPath}); run tools/kafka-test-broker/build.sh`;
if (skipped) console.log(`Kafka consumer recovery tests skipped: ${skipped}`);

(skipped ? describe.skip : describe)('Kafka consumers recover by themselves (own test broker)', () => {
  it('every consumer group consumes again after a broker outage longer than the session timeout', async () => {
    const run = randomUUID().slice(0, 8);
    const broker = await startKafkaTestBroker({ topics: [{ name: ThingHappened.topic, partitions: 3 }] });
    const { publisher, subscriber } = await open(broker.brokers);
    const groups = ['approvals.orders', 'delivery.orders', 'invoicing.orders', 'ordering.approvals'].map((g) => `${g}-${run}`);
    const received = new Map<string, Set<number>>(groups.map((g) => [g, new Set<number>()]));
    const subscriptions = new Map<string, Subscription>();
    try {
      for (const group of groups) {
        subscriptions.set(group, await subscriber.subscribe({
          group, contracts: [ThingHappened],
          handle: async (m) => {
            const p = m.payload as ThingHappenedV1;
            if (p.run === run) received.get(group)!.add(p.seq);
          },
        }));
      }
      const receivedAll = (seqs: readonly number[]) => () => groups.every((g) => seqs.every((s) => received.get(g)!.has(s)));
      await publisher.publish([0, 1, 2].map((s) => thing(run, s)));
      await waitFor(receivedAll([0, 1, 2]), 'the messages sent before the outage, in every group', JOIN_DEADLINE_MS);
      for (const sub of subscriptions.values()) expect(sub.state().status).toBe('running');

      lines.length = 0;
      await broker.setBrokerDown(0);
      await waitFor(() => [...subscriptions.values()].every((s) => s.state().status !== 'running'), 'every group to notice the outage', OUTAGE_MS * 4);
      const during = [...subscriptions.values()].map((s) => s.state());
      await sleep(OUTAGE_MS);
      await broker.setBrokerUp(0);

      await publisher.publish([3, 4, 5, 6, 7].map((s) => thing(run, s)));
      await waitFor(receivedAll([3, 4, 5, 6, 7]), 'the messages sent after the outage, in every group', RECOVERY_DEADLINE_MS).catch((error: unknown) => {
        const missing = groups.filter((g) => !received.get(g)!.has(7));
        throw new Error(`${String(error)}; groups still missing messages: ${missing.join(', ')}\n${lines.filter((l) => /crash|restart|error/i.test(l)).join('\n')}`);
      });
      await waitFor(() => [...subscriptions.values()].every((s) => s.state().status === 'running'), 'every group running again', RECOVERY_DEADLINE_MS);

      console.log(`consumer states during the outage:\n${during.map((s) => `  ${s.group}: ${s.status} since ${s.since}${s.lastError ? ` (${s.lastError})` : ''}`).join('\n')}\n`
        + `after: ${[...subscriptions.values()].map((s) => `${s.state().group} restarts=${s.state().restarts}`).join(', ')}\n`
        + `crash lines:\n${lines.filter((l) => /crash/i.test(l)).slice(0, 12).join('\n')}`);
      for (const s of during) expect(s.status).not.toBe('running');
    } finally {
      await Promise.all([publisher.close(), subscriber.close()]);
      await broker.stop();
    }
  }, JOIN_DEADLINE_MS + OUTAGE_MS * 6 + 2 * RECOVERY_DEADLINE_MS + 30_000);

  it('a member the coordinator dropped after a missed heartbeat (a handler slower than the session) is replaced and goes on', async () => {
    const run = randomUUID().slice(0, 8);
    const broker = await startKafkaTestBroker({ topics: [{ name: ThingHappened.topic, partitions: 1 }] });
    const { publisher, subscriber } = await open(broker.brokers);
    const group = `slow-${run}`;
    const admin = new kafkajs.Kafka({ brokers: broker.brokers, logLevel: kafkajs.logLevel.NOTHING, retry: { initialRetryTime: 100, maxRetryTime: 1000 } }).admin();
    const handled: number[] = [];
    let slow = true;
    try {
      const sub = await subscriber.subscribe({
        group, contracts: [ThingHappened],
        handle: async (m) => {
          const p = m.payload as ThingHappenedV1;
          if (p.run !== run) return;
          // The first attempt at message 1 takes twice the session timeout: no heartbeat meanwhile, so
          // the coordinator forgets the member, and its next heartbeat or commit is refused.
          if (p.seq === 1 && slow) {
            slow = false;
            await sleep(2 * SESSION_TIMEOUT_MS);
          }
          handled.push(p.seq);
        },
      });
      await publisher.publish([thing(run, 0)]);
      await admin.connect();
      const committed = async () => (await admin.fetchOffsets({ groupId: group, topics: [ThingHappened.topic] }))[0]!.partitions[0]!.offset;
      await waitFor(async () => (await committed()) === '1', 'message 0 handled and committed', RECOVERY_DEADLINE_MS, 100);
      await publisher.publish([1, 2].map((s) => thing(run, s)));
      await waitFor(() => sub.state().status === 'restarting', 'the consumer to crash and restart', RECOVERY_DEADLINE_MS);
      const crashed = sub.state();
      expect(crashed.lastError).toMatch(/coordinator is not aware of this member|stopped by itself|rebalanc/i);
      await waitFor(() => sub.state().status === 'running' && sub.state().restarts === 1, 'the new consumer to join', RECOVERY_DEADLINE_MS);
      await publisher.publish([3, 4].map((s) => thing(run, s)));
      await waitFor(() => [0, 1, 2, 3, 4].every((s) => handled.includes(s)), 'every message after the restart', RECOVERY_DEADLINE_MS);
      // At least once: what the dropped member handled without committing (message 1) comes again, nothing
      // is lost, and what was committed before the crash is not delivered again.
      expect(handled.filter((s) => s === 0)).toEqual([0]);
      expect(handled.filter((s) => s === 1).length).toBeGreaterThanOrEqual(1);
      expect(handled.filter((s) => s >= 3)).toEqual([3, 4]);
      await waitFor(() => sub.state().lag === 0, 'lag 0 once everything is handled', RECOVERY_DEADLINE_MS);
      expect(sub.state().partitions).toEqual([{ topic: ThingHappened.topic, partition: 0, handledOffset: expect.any(String), highWatermark: expect.any(String), lag: 0 }]);
      console.log(`slow handler: ${crashed.status} since ${crashed.since} (${crashed.lastError}); handled ${handled.join(',')}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
      await Promise.all([publisher.close(), subscriber.close()]);
      await broker.stop();
    }
  }, 4 * RECOVERY_DEADLINE_MS);

  it('close() while a crashed consumer is being restarted stops everything: no member comes back', async () => {
    const run = randomUUID().slice(0, 8);
    const broker = await startKafkaTestBroker({ topics: [{ name: ThingHappened.topic, partitions: 3 }] });
    const { publisher, subscriber } = await open(broker.brokers);
    const group = `closing-${run}`;
    const admin = new kafkajs.Kafka({ brokers: broker.brokers, logLevel: kafkajs.logLevel.NOTHING, retry: { initialRetryTime: 100, maxRetryTime: 1000 } }).admin();
    try {
      const sub = await subscriber.subscribe({ group, contracts: [ThingHappened], handle: async () => undefined });
      await broker.setBrokerDown(0);
      await waitFor(() => sub.state().status === 'restarting', 'kafkajs to give up and the adapter to restart', RECOVERY_DEADLINE_MS);
      await sleep(1000); // inside the backoff or a connection attempt
      const closing = Date.now();
      await sub.close();
      const closeMs = Date.now() - closing;
      expect(sub.state().status).toBe('closed');
      await broker.setBrokerUp(0);
      await sleep(3 * SESSION_TIMEOUT_MS); // longer than any backoff in these settings
      await admin.connect();
      const { groups } = await admin.describeGroups([group]);
      expect(groups[0]?.members ?? []).toEqual([]);
      expect(sub.state().status).toBe('closed');
      console.log(`close() during a restart took ${closeMs} ms`);
    } finally {
      await admin.disconnect().catch(() => undefined);
      await Promise.all([publisher.close(), subscriber.close()]);
      await broker.stop();
    }
  }, 4 * RECOVERY_DEADLINE_MS);
});

const open = async (brokers: readonly string[], overrides: Partial<KafkaSubscriberOptions> = {}) => {
  const settings = { brokers, clientId: 'recovery-spec', log, logLevel: 'warn' as const, retry: { initialRetryTime: 100, maxRetryTime: 1000 } };
  const publisher = await KafkaPublisher.open(settings);
  const subscriber = new KafkaSubscriber({
    ...settings, sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 300, rebalanceTimeout: 5000, maxWaitTimeInMs: 100,
    handlerRetry: { initialDelayMs: 50, maxDelayMs: 1000 }, restartBackoff: { initialDelayMs: 200, maxDelayMs: 2000 }, ...overrides,
  });
  return { publisher, subscriber };
};
