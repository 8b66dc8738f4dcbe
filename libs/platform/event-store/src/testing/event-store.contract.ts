import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { VersionConflict } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import { compareCheckpoints, type Checkpoint, type EventMetadata, type EventStore, type NewEvent } from '../event-store.js';
import { GENESIS, LogVerifier, verifyStream } from '../integrity.js';

const meta: EventMetadata = {
  correlationId: '11111111-1111-4111-8111-111111111111',
  causationId: null,
  actor: { userId: '22222222-2222-4222-8222-222222222222', companyId: '33333333-3333-4333-8333-333333333333', role: 'sales' },
  companyId: '33333333-3333-4333-8333-333333333333',
};

const event = (type = 'Happened', data: object = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data });

const envelope = (key: string): Envelope => ({
  eventId: randomUUID(), type: 'test.Happened', version: 1, topic: 'test.things', key, companyId: meta.companyId!,
  correlationId: meta.correlationId, causationId: null, actor: meta.actor, occurredAt: '2026-01-01T00:00:00.000Z', payload: { key },
});

/** The behaviour every EventStore adapter must show. Call it from each adapter's spec with a factory
 *  that opens a store on an empty (or uniquely prefixed) database. */
export const eventStoreContract = (
  name: string,
  open: () => Promise<EventStore>,
  capabilities: { readonly atomicMultiStream?: boolean; readonly serviceChain?: boolean } = {},
): void =>
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const stream = (): string => `test-${randomUUID()}`;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('reads a missing stream as version 0 with no events', async () => {
      expect(await store.read(stream())).toEqual({ events: [], version: 0n });
    });

    it('appends to a new stream when expecting 0 and reads the events back in order with their metadata', async () => {
      const s = stream();
      const first = event('Drafted', { title: 'Frame 2026', price: '12.3400', nested: { list: [1, 'two', null] } });
      const second = event('Signed', { by: 'sales' });
      const result = await store.append(s, [first, second], { expected: 0n, meta });
      expect(result.version).toBe(2n);
      const { events, version } = await store.read(s);
      expect(version).toBe(2n);
      expect(events.map((e) => [e.id, e.type, e.data, e.version, e.stream])).toEqual([
        [first.id, 'Drafted', first.data, 1n, s],
        [second.id, 'Signed', second.data, 2n, s],
      ]);
      expect(events[0]!.meta).toEqual(meta);
      expect(events[0]!.recordedAt).toBeInstanceOf(Date);
    });

    it('reads a stream up to a version', async () => {
      const s = stream();
      await store.append(s, [event(), event(), event()], { expected: 0n, meta });
      const { events, version } = await store.read(s, { toVersion: 2n });
      expect(events.map((e) => e.version)).toEqual([1n, 2n]);
      expect(version).toBe(3n);
    });

    it('throws VersionConflict on a stale expected version and writes nothing', async () => {
      const s = stream();
      await store.append(s, [event()], { expected: 0n, meta });
      await expect(store.append(s, [event()], { expected: 0n, meta, outbox: [envelope(s)] })).rejects.toBeInstanceOf(VersionConflict);
      await expect(store.append(s, [event()], { expected: 5n, meta })).rejects.toBeInstanceOf(VersionConflict);
      expect((await store.read(s)).version).toBe(1n);
      const outbox = await store.readOutbox(null, 100_000);
      expect(outbox.filter((o) => o.message.key === s)).toEqual([]);
    });

    it('appends whatever the version when expecting any', async () => {
      const s = stream();
      await store.append(s, [event()], { expected: 'any', meta });
      await store.append(s, [event()], { expected: 'any', meta });
      expect((await store.read(s)).version).toBe(2n);
    });

    it('lets exactly one of concurrent appends with the same expected version win', async () => {
      const s = stream();
      await store.append(s, [event()], { expected: 0n, meta });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(s, [event()], { expected: 1n, meta })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(losers).toHaveLength(7);
      losers.forEach((r) => expect(r.reason).toBeInstanceOf(VersionConflict));
      expect((await store.read(s)).version).toBe(2n);
    });

    it('is idempotent by event id: repeating an append returns the first result and writes nothing', async () => {
      const s = stream();
      const events = [event(), event()];
      const first = await store.append(s, events, { expected: 0n, meta });
      const again = await store.append(s, events, { expected: 0n, meta });
      expect(again.version).toBe(first.version);
      expect((await store.read(s)).events).toHaveLength(2);
    });

    // An adapter is held to the appendMany behaviour it declares: the other behaviour's tests are not
    // declared for it (rather than skipped, which would report a skip with no reason).
    const atomic = capabilities.atomicMultiStream ?? true;
    const multiStream = (name: string, test: () => Promise<void>): void => {
      if (atomic) it(name, test);
    };
    const singleStreamOnly = (name: string, test: () => Promise<void>): void => {
      if (!atomic) it(name, test);
    };

    singleStreamOnly('appendMany refuses several streams it cannot write atomically, writing nothing, and writes one', async () => {
      const [a, b] = [stream(), stream()];
      await expect(store.appendMany([{ stream: a, events: [event()], expected: 0n }, { stream: b, events: [event()], expected: 0n }], { meta })).rejects.toMatchObject({ code: 'EVENT_STORE.NOT_ATOMIC' });
      expect((await store.read(a)).version + (await store.read(b)).version).toBe(0n);
      await store.appendMany([{ stream: a, events: [event()], expected: 0n }], { meta });
      expect((await store.read(a)).version).toBe(1n);
    });

    multiStream('appendMany writes to several streams at once, in order, with the outbox', async () => {
      const [a, b] = [stream(), stream()];
      await store.append(a, [event()], { expected: 0n, meta });
      const result = await store.appendMany([{ stream: a, events: [event('A2')], expected: 1n }, { stream: b, events: [event('B1'), event('B2')], expected: 0n }], { meta, outbox: [envelope(a)] });
      expect((await store.read(a)).events.map((e) => [e.type, e.version])).toEqual([['Happened', 1n], ['A2', 2n]]);
      expect((await store.read(b)).events.map((e) => [e.type, e.version])).toEqual([['B1', 1n], ['B2', 2n]]);
      const outbox = await store.readOutbox(null, 100_000);
      expect(outbox.filter((o) => o.message.key === a)).toHaveLength(1);
      const all = await store.readAll(null, 100_000);
      expect(all.filter((e) => e.stream === a || e.stream === b).map((e) => e.type)).toEqual(['Happened', 'A2', 'B1', 'B2']);
      expect(compareCheckpoints(result.checkpoint, all.find((e) => e.type === 'B2' && e.stream === b)!.checkpoint)).toBe(0);
    });

    multiStream('appendMany writes nothing when one stream moved, and names that stream', async () => {
      const [a, b] = [stream(), stream()];
      await store.append(b, [event()], { expected: 0n, meta });
      const refused = store.appendMany([{ stream: a, events: [event()], expected: 0n }, { stream: b, events: [event()], expected: 0n }], { meta, outbox: [envelope(a)] });
      await expect(refused).rejects.toMatchObject({ stream: b });
      expect((await store.read(a)).version).toBe(0n);
      expect((await store.read(b)).version).toBe(1n);
      expect((await store.readOutbox(null, 100_000)).filter((o) => o.message.key === a)).toEqual([]);
    });

    multiStream('appendMany is idempotent by event id', async () => {
      const [a, b] = [stream(), stream()];
      const appends = [{ stream: a, events: [event()], expected: 0n }, { stream: b, events: [event()], expected: 0n }];
      const first = await store.appendMany(appends, { meta });
      const again = await store.appendMany(appends, { meta });
      expect(compareCheckpoints(again.checkpoint, first.checkpoint)).toBe(0);
      expect((await store.read(a)).version + (await store.read(b)).version).toBe(2n);
    });

    it('readAll returns every committed event once, in global order, resumable from any checkpoint', async () => {
      const start = (await store.readAll(null, 1_000_000)).at(-1)?.checkpoint ?? null;
      const a = stream();
      const b = stream();
      await store.append(a, [event('A1'), event('A2')], { expected: 0n, meta });
      await store.append(b, [event('B1')], { expected: 0n, meta });
      await store.append(a, [event('A3')], { expected: 2n, meta });
      const all = (await store.readAll(start, 1000)).filter((e) => e.stream === a || e.stream === b);
      expect(all.map((e) => e.type)).toEqual(['A1', 'A2', 'B1', 'A3']);
      for (let i = 1; i < all.length; i++) expect(compareCheckpoints(all[i - 1]!.checkpoint, all[i]!.checkpoint)).toBeLessThan(0);
      const paged = [];
      let after = start;
      for (;;) {
        const page = await store.readAll(after, 1);
        if (page.length === 0) break;
        paged.push(...page);
        after = page[0]!.checkpoint;
      }
      expect(paged.filter((e) => e.stream === a || e.stream === b).map((e) => e.id)).toEqual(all.map((e) => e.id));
    });

    it('subscribe delivers events appended before and after it started, once each, in order', async () => {
      const start = (await store.readAll(null, 1_000_000)).at(-1)?.checkpoint ?? null;
      const s = stream();
      await store.append(s, [event('Before')], { expected: 0n, meta });
      const seen: string[] = [];
      const subscription = store.subscribe({ after: async () => start, handle: async (batch) => void seen.push(...batch.filter((e) => e.stream === s).map((e) => e.type)), idleMs: 10 });
      try {
        await store.append(s, [event('After1'), event('After2')], { expected: 1n, meta });
        subscription.wake();
        const deadline = Date.now() + 5_000;
        while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(seen).toEqual(['Before', 'After1', 'After2']);
      } finally {
        await subscription.stop();
      }
    });

    it('chains every event to the one before in its stream, and the chain survives the round trip through storage', async () => {
      const s = stream();
      const awkward = { big: 1e21, small: 1e-7, float: 0.30000000000000004, negative: -0, text: 'Größe “A4” \u2028 日本', empty: {}, list: [], b: { z: 1, a: [true, null, 'x'] } };
      await store.append(s, [event('First', awkward), event('Second', { b: 2, a: 1 })], { expected: 0n, meta });
      await store.append(s, [event('Third')], { expected: 'any', meta });
      const { events } = await store.read(s);
      expect(events.map((e) => e.hash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
      expect(new Set(events.map((e) => e.hash)).size).toBe(3);
      expect(verifyStream(s, events)).toEqual({ stream: s, events: 3, head: events[2]!.hash, ok: true, firstBroken: null });
      const all = (await store.readAll(null, 1_000_000)).filter((e) => e.stream === s);
      expect(all.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    });

    it('a check notices an event whose content differs from what was hashed', async () => {
      const s = stream();
      await store.append(s, [event('First', { quantity: 10 }), event('Second')], { expected: 0n, meta });
      const { events } = await store.read(s);
      const altered = [{ ...events[0]!, data: { quantity: 1000 } }, events[1]!];
      expect(verifyStream(s, altered).firstBroken).toMatchObject({ problem: 'hash-mismatch', version: '1', eventId: events[0]!.id });
      const otherActor = [events[0]!, { ...events[1]!, meta: { ...meta, actor: { ...meta.actor!, role: 'supplier-admin' as const } } }];
      expect(verifyStream(s, otherActor).firstBroken).toMatchObject({ problem: 'hash-mismatch', version: '2' });
      expect(verifyStream(s, [events[1]!]).firstBroken).toMatchObject({ problem: 'version-gap', version: '2' });
    });

    if (capabilities.atomicMultiStream !== false) {
      it('appendMany chains each stream on from its own last event', async () => {
        const a = stream();
        const b = stream();
        await store.append(a, [event('A1')], { expected: 0n, meta });
        await store.appendMany([{ stream: a, events: [event('A2'), event('A3')], expected: 1n }, { stream: b, events: [event('B1')], expected: 0n }], { meta });
        for (const s of [a, b]) expect(verifyStream(s, (await store.read(s)).events).ok).toBe(true);
      });
    }

    if (capabilities.serviceChain !== false) {
      it('seals every event into one chain over the global order, once, however often sealing runs', async () => {
        await store.append(stream(), [event(), event()], { expected: 0n, meta });
        await store.append(stream(), [event()], { expected: 0n, meta });
        const sealAll = async (): Promise<void> => {
          let after: Checkpoint | null = (await store.sealHead())?.checkpoint ?? null;
          for (;;) {
            const batch = await store.readAll(after, 2);
            if (batch.length === 0) return;
            await store.seal(batch);
            await store.seal(batch); // a second sealer with the same batch changes nothing
            after = batch[batch.length - 1]!.checkpoint;
          }
        };
        await sealAll();
        const verifier = new LogVerifier();
        const all = await store.readAll(null, 1_000_000);
        expect(verifier.add(all)).toBe(true);
        const result = verifier.result();
        expect(result).toMatchObject({ ok: true, events: all.length, sealed: all.length, unsealed: 0 });
        expect(result.head).toBe((await store.sealHead())!.hash);
        expect(all[0]!.seal!.previous).toBe(GENESIS);
        expect(all.slice(1).every((e, i) => e.seal!.previous === all[i]!.seal!.hash)).toBe(true);
      });
    }

    it('stores outbox messages atomically with the events, in order, resumable', async () => {
      const before = (await store.readOutbox(null, 1_000_000)).at(-1)?.checkpoint ?? null;
      const s = stream();
      const m1 = envelope(s);
      const m2 = envelope(s);
      await store.append(s, [event()], { expected: 0n, meta, outbox: [m1, m2] });
      const entries = await store.readOutbox(before, 100);
      expect(entries.map((e) => e.message)).toEqual([m1, m2]);
      expect(await store.readOutbox(entries[0]!.checkpoint, 100)).toEqual([entries[1]]);
    });
  });
