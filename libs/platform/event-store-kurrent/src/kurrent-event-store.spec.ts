import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeEach } from '@jest/globals';
import { UnavailableError } from '@eventstore/db-client';
import { VersionConflict } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import { compareCheckpoints, type EventMetadata, type NewEvent } from '@b2b/event-store';
import { eventStoreContract } from '@b2b/event-store/testing';
import { KurrentEventStore } from './kurrent-event-store.js';
import { FakeKurrentClient } from './testing/fake-kurrent-client.js';

// The adapter's own logic over a model of the server. Whether KurrentDB behaves as the model assumes is
// what kurrent-event-store.int-spec.ts checks, against a real server.
eventStoreContract('kurrentdb adapter over FakeKurrentClient', async () => KurrentEventStore.fromClient(new FakeKurrentClient(), { ownsClient: true }), { atomicMultiStream: false, serviceChain: false });

const meta: EventMetadata = {
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { userId: randomUUID(), companyId: randomUUID(), role: 'procurement' },
  companyId: randomUUID(),
};
const event = (type = 'Happened', data: object = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data });
const envelope = (key: string): Envelope => ({
  eventId: randomUUID(), type: 'test.Happened', version: 1, topic: 'test.things', key, companyId: meta.companyId!,
  correlationId: meta.correlationId, causationId: null, actor: meta.actor, occurredAt: '2026-01-01T00:00:00.000Z', payload: { key },
});

describe('KurrentEventStore (over FakeKurrentClient)', () => {
  let client: FakeKurrentClient;
  let store: KurrentEventStore;
  beforeEach(() => {
    client = new FakeKurrentClient();
    store = KurrentEventStore.fromClient(client);
  });

  it('writes JSON events with our metadata, $correlationId/$causationId, and the outbox on the last event only', async () => {
    const m = [envelope('a'), envelope('b')];
    await store.append('order-1', [event('Placed'), event('Priced')], { expected: 0n, meta, outbox: m });
    const [first, second] = client.stream('order-1');
    expect(first!.isJson && second!.isJson).toBe(true);
    const link = { hash: expect.stringMatching(/^[0-9a-f]{64}$/), recordedAt: expect.any(String) };
    expect(JSON.parse(first!.metadata)).toEqual({ $correlationId: meta.correlationId, $causationId: meta.causationId, ...meta, ...link });
    expect(JSON.parse(second!.metadata)).toEqual({ $correlationId: meta.correlationId, $causationId: meta.causationId, ...meta, ...link, outbox: m });
    expect([first!.revision, second!.revision]).toEqual([0n, 1n]);
  });

  it('keeps versions equal to revisions + 1 and shows domain events only', async () => {
    await store.append('order-2', [event('A')], { expected: 0n, meta, outbox: [envelope('x')] });
    await store.append('order-2', [event('B'), event('C')], { expected: 1n, meta, outbox: [envelope('y')] });
    const { events, version } = await store.read('order-2');
    expect(version).toBe(3n);
    expect(events.map((e) => [e.type, e.version])).toEqual([['A', 1n], ['B', 2n], ['C', 3n]]);
    const all = await store.readAll(null, 1000);
    expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(client.log.some((r) => r.streamId.startsWith('$'))).toBe(true); // there was system noise to skip
  });

  it('returns the checkpoint readAll gives the last event, also for a repeated append', async () => {
    await store.append('order-3', [event()], { expected: 0n, meta });
    const events = [event('X'), event('Y')];
    const first = await store.append('order-3', events, { expected: 1n, meta });
    const again = await store.append('order-3', events, { expected: 1n, meta });
    const last = (await store.readAll(null, 1000)).at(-1)!;
    expect(last.type).toBe('Y');
    expect(first).toEqual({ version: 3n, checkpoint: last.checkpoint });
    expect(again).toEqual(first);
    expect(client.stream('order-3')).toHaveLength(3);
  });

  it('returns the original result when a retry follows a lost reply', async () => {
    const events = [event('A'), event('B')];
    client.loseNextReply = true;
    await expect(store.append('order-4', events, { expected: 0n, meta, outbox: [envelope('z')] })).rejects.toBeInstanceOf(UnavailableError);
    const retried = await store.append('order-4', events, { expected: 0n, meta, outbox: [envelope('z')] });
    expect(retried.version).toBe(2n);
    expect(retried.checkpoint).toEqual((await store.read('order-4')).events[1]!.checkpoint);
    expect(client.stream('order-4')).toHaveLength(2);
    expect((await store.readOutbox(null, 100)).map((o) => o.message.key)).toEqual(['z']);
  });

  it('finds the events when a deduplicated reply points at another revision', async () => {
    const events = [event('A')];
    const first = await store.append('order-5', events, { expected: 'any', meta });
    await store.append('order-5', [event('B')], { expected: 'any', meta });
    client.reportCurrentRevisionOnDuplicate = true;
    expect(await store.append('order-5', events, { expected: 'any', meta })).toEqual(first);
  });

  it('recognises a retry the server rejects, and rejects partial repeats', async () => {
    const events = [event('A'), event('B')];
    const first = await store.append('order-6', events, { expected: 0n, meta });
    await store.append('order-6', [event('C')], { expected: 2n, meta });
    client.deduplicates = false;
    await expect(store.append('order-6', [events[1]!, events[0]!], { expected: 0n, meta })).rejects.toBeInstanceOf(VersionConflict);
    await expect(store.append('order-6', [events[0]!, event('D')], { expected: 0n, meta })).rejects.toBeInstanceOf(VersionConflict);
    expect(await store.append('order-6', events, { expected: 0n, meta })).toEqual(first);
    expect(client.stream('order-6')).toHaveLength(3);
  });

  it('reports the expected and actual versions in VersionConflict', async () => {
    await store.append('order-7', [event(), event()], { expected: 0n, meta });
    const error = await store.append('order-7', [event()], { expected: 1n, meta }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflict);
    expect(error).toMatchObject({ stream: 'order-7', expected: 1n, actual: 2n });
    const fresh = await store.append('order-8', [event()], { expected: 3n, meta }).catch((e: unknown) => e);
    expect(fresh).toMatchObject({ stream: 'order-8', expected: 3n, actual: 0n });
  });

  it('reads up to a version and still reports the current version', async () => {
    await store.append('order-9', [event(), event(), event()], { expected: 0n, meta });
    expect((await store.read('order-9', { toVersion: 2n })).version).toBe(3n);
    expect((await store.read('order-9', { toVersion: 5n })).events).toHaveLength(3);
    expect(await store.read('order-9', { toVersion: 0n })).toEqual({ events: [], version: 3n });
    expect(await store.read('missing', { toVersion: 2n })).toEqual({ events: [], version: 0n });
  });

  it('pages through $all past system records, one event at a time or many', async () => {
    const written: string[] = [];
    for (let i = 0; i < 90; i++) {
      const e = event('Step', { i });
      written.push(e.id);
      await store.append(`step-${i % 7}`, [e], { expected: 'any', meta });
    }
    expect(client.log.length).toBeGreaterThan(3 * 90); // two system records per append in between
    expect((await store.readAll(null, 1000)).map((e) => e.id)).toEqual(written);
    // limit 70 → pages of 71 records, two thirds of them system records: several page boundaries.
    expect((await store.readAll(null, 70)).map((e) => e.id)).toEqual(written.slice(0, 70));
    const paged: string[] = [];
    for (let after = null as Awaited<ReturnType<KurrentEventStore['readAll']>>[number]['checkpoint'] | null; ; ) {
      const page = await store.readAll(after, 1);
      if (page.length === 0) break;
      paged.push(page[0]!.id);
      after = page[0]!.checkpoint;
    }
    expect(paged).toEqual(written);
    const half = await store.readAll(null, 45);
    expect((await store.readAll(half.at(-1)!.checkpoint, 1000)).map((e) => e.id)).toEqual(written.slice(45));
  });

  it('resumes the outbox from every message, also inside one append, in order', async () => {
    const messages = Array.from({ length: 5 }, (_, i) => envelope(`m${i}`));
    await store.append('o-1', [event(), event()], { expected: 0n, meta, outbox: messages.slice(0, 3) });
    await store.append('o-2', [event()], { expected: 0n, meta });
    await store.append('o-3', [event()], { expected: 0n, meta, outbox: messages.slice(3) });
    const all = await store.readOutbox(null, 100);
    expect(all.map((e) => e.message)).toEqual(messages);
    for (let i = 1; i < all.length; i++) expect(compareCheckpoints(all[i - 1]!.checkpoint, all[i]!.checkpoint)).toBeLessThan(0);
    for (let i = 0; i < all.length; i++) expect(await store.readOutbox(all[i]!.checkpoint, 100)).toEqual(all.slice(i + 1));
    expect(await store.readOutbox(all[0]!.checkpoint, 2)).toEqual(all.slice(1, 3));
  });

  it('pages the outbox across many appends', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 60; i++) {
      const outbox = i % 3 === 0 ? [] : [envelope(`k${i}a`), envelope(`k${i}b`)];
      keys.push(...outbox.map((m) => m.key));
      await store.append(`p-${i}`, [event(), event()], { expected: 0n, meta, outbox });
    }
    expect((await store.readOutbox(null, 1000)).map((o) => o.message.key)).toEqual(keys);
    expect((await store.readOutbox(null, 63)).map((o) => o.message.key)).toEqual(keys.slice(0, 63));
    const paged: string[] = [];
    for (let after = null as Awaited<ReturnType<KurrentEventStore['readOutbox']>>[number]['checkpoint'] | null; ; ) {
      const page = await store.readOutbox(after, 3);
      if (page.length === 0) break;
      paged.push(...page.map((o) => o.message.key));
      after = page.at(-1)!.checkpoint;
    }
    expect(paged).toEqual(keys);
  });

  it('round-trips bigints in event data', async () => {
    await store.append('big-1', [event('Counted', { count: 2n ** 70n, list: [1n] })], { expected: 0n, meta });
    expect((await store.read('big-1')).events[0]!.data).toEqual({ count: 2n ** 70n, list: [1n] });
  });

  it('refuses what KurrentDB would hide or cannot carry', async () => {
    await expect(store.append('x-1', [], { expected: 0n, meta })).rejects.toThrow('at least one event');
    await expect(store.append('$x', [event()], { expected: 0n, meta })).rejects.toThrow('$');
    await expect(store.append('x-1', [event('$Sneaky')], { expected: 0n, meta })).rejects.toThrow('$Sneaky');
    const many = Array.from({ length: 1001 }, (_, i) => envelope(`k${i}`));
    await expect(store.append('x-1', [event()], { expected: 0n, meta, outbox: many })).rejects.toThrow('at most 1000');
    expect(client.appendCalls).toBe(0);
  });

  it('disposes only a client it owns', async () => {
    await store.close();
    expect(client.isDisposed).toBe(false);
    const owned = new FakeKurrentClient();
    const owner = KurrentEventStore.fromClient(owned, { ownsClient: true });
    await owner.close();
    await owner.close();
    expect(owned.isDisposed).toBe(true);
  });
});
