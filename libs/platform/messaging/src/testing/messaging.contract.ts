import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, beforeEach, afterAll, afterEach } from '@jest/globals';
import type { Envelope } from '@b2b/contracts';
import type { IncomingMessage, MessagePublisher, MessageSubscriber, Subscription } from '../message-bus.js';
import { OtherThingHappened, ThingHappened, type ThingHappenedV1 } from './test-contracts.js';
import { waitFor } from './wait-for.js';

export interface MessagingUnderTest {
  readonly publisher: MessagePublisher;
  readonly subscriber: MessageSubscriber;
  close(): Promise<void>;
}

const COMPANY = '44444444-4444-4444-8444-444444444444';

/** The behaviour every messaging adapter must show (per-key order, redelivery, headers, groups). */
export const messagingContract = (name: string, open: () => Promise<MessagingUnderTest>, timeoutMs = 15_000): void =>
  describe(`Messaging contract: ${name}`, () => {
    let bus: MessagingUnderTest;
    let subscriptions: Subscription[] = [];
    let run: string;

    const thing = (key: string, seq: number, overrides: Partial<Envelope> = {}): Envelope => {
      const payload: ThingHappenedV1 = { run, key: `${run}:${key}`, seq, companyId: COMPANY };
      return {
        eventId: randomUUID(), type: ThingHappened.type, version: ThingHappened.version, topic: ThingHappened.topic,
        key: ThingHappened.key(payload), companyId: COMPANY, correlationId: randomUUID(), causationId: null, actor: null,
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), payload, ...overrides,
      };
    };

    const subscribe = async (group: string, handle: (m: IncomingMessage) => Promise<void>): Promise<void> => {
      subscriptions.push(
        await bus.subscriber.subscribe({
          group: `${group}-${run}`,
          contracts: [ThingHappened],
          handle: async (m) => {
            if ((m.payload as ThingHappenedV1).run === run) await handle(m);
          },
        }),
      );
    };

    beforeAll(async () => {
      bus = await open();
    }, 60_000);
    afterAll(async () => {
      await bus.close();
    });
    afterEach(async () => {
      await Promise.all(subscriptions.map((s) => s.close()));
      subscriptions = [];
    });
    beforeEach(() => {
      run = randomUUID().slice(0, 8);
    });

    it('delivers the payload and every envelope field unchanged', async () => {
      const received: IncomingMessage[] = [];
      await subscribe('roundtrip', async (m) => void received.push(m));
      const sent = thing('a', 1, {
        causationId: randomUUID(),
        actor: { userId: randomUUID(), companyId: COMPANY, role: 'sales' },
      });
      await bus.publisher.publish([sent]);
      await waitFor(() => received.length === 1, 'the message', timeoutMs);
      expect(received[0]!.envelope).toEqual(sent);
      expect(received[0]!.contract).toBe(ThingHappened);
      expect(received[0]!.payload).toEqual(sent.payload);
    }, timeoutMs + 5_000);

    it('keeps the order of messages with the same key', async () => {
      const seen = new Map<string, number[]>();
      await subscribe('order', async (m) => {
        const p = m.payload as ThingHappenedV1;
        seen.set(p.key, [...(seen.get(p.key) ?? []), p.seq]);
      });
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      const messages = Array.from({ length: 20 }, (_, seq) => keys.map((k) => thing(k, seq))).flat();
      await bus.publisher.publish(messages.slice(0, 50));
      await bus.publisher.publish(messages.slice(50));
      await waitFor(() => [...seen.values()].reduce((n, l) => n + l.length, 0) === 100, '100 messages', timeoutMs);
      for (const k of keys) expect(seen.get(`${run}:${k}`)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }, timeoutMs + 5_000);

    it('delivers a message again after its handler failed, before later messages of its key', async () => {
      const handled: number[] = [];
      let failures = 0;
      await subscribe('retry', async (m) => {
        const p = m.payload as ThingHappenedV1;
        if (p.seq === 1 && failures < 2) {
          failures++;
          throw new Error('handler failed on purpose');
        }
        handled.push(p.seq);
      });
      await bus.publisher.publish([thing('r', 0), thing('r', 1), thing('r', 2)]);
      await waitFor(() => handled.length === 3, 'three handled messages', timeoutMs);
      expect(failures).toBe(2);
      expect(handled).toEqual([0, 1, 2]);
    }, timeoutMs + 5_000);

    it('gives every consumer group its own copy of every message', async () => {
      const a: number[] = [];
      const b: number[] = [];
      await subscribe('group-a', async (m) => void a.push((m.payload as ThingHappenedV1).seq));
      await subscribe('group-b', async (m) => void b.push((m.payload as ThingHappenedV1).seq));
      await bus.publisher.publish([thing('g', 0), thing('g', 1)]);
      await waitFor(() => a.length === 2 && b.length === 2, 'both groups', timeoutMs);
      expect(a).toEqual([0, 1]);
      expect(b).toEqual([0, 1]);
    }, timeoutMs + 5_000);

    it('passes over types it does not handle and payloads that break their contract', async () => {
      const handled: number[] = [];
      await subscribe('filter', async (m) => void handled.push((m.payload as ThingHappenedV1).seq));
      const other: Envelope = { ...thing('f', 0), type: OtherThingHappened.type, payload: { run, key: `${run}:f`, companyId: COMPANY } };
      const broken: Envelope = { ...thing('f', 1), payload: { run, key: `${run}:f`, seq: 'one', companyId: COMPANY } };
      await bus.publisher.publish([other, broken, thing('f', 2)]);
      await waitFor(() => handled.length === 1, 'the valid message', timeoutMs);
      expect(handled).toEqual([2]);
    }, timeoutMs + 5_000);

    it('reports its subscription running with its group, lag 0 once everything is handled, and closed after close()', async () => {
      const handled: number[] = [];
      await subscribe('state', async (m) => void handled.push((m.payload as ThingHappenedV1).seq));
      const sub = subscriptions.at(-1)!;
      expect(sub.state()).toMatchObject({ group: `state-${run}`, status: 'running', lastError: null, restarts: 0 });
      await bus.publisher.publish([thing('s', 0), thing('s', 1)]);
      await waitFor(() => handled.length === 2, 'both messages', timeoutMs);
      await waitFor(() => sub.state().lag === 0, 'lag 0', timeoutMs);
      expect(sub.state().partitions.every((p) => p.lag === 0)).toBe(true);
      expect(Date.parse(sub.state().since)).not.toBeNaN();
      await sub.close();
      expect(sub.state().status).toBe('closed');
    }, timeoutMs + 5_000);
  });
