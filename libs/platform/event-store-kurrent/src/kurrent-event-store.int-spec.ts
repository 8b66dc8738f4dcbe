import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { EventStoreDBClient, FORWARDS, type Position } from '@eventstore/db-client';
import { VersionConflict } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import { compareCheckpoints, type EventMetadata, type NewEvent } from '@b2b/event-store';
import { eventStoreContract } from '@b2b/event-store/testing';
import { dockerEngineAnswers } from '@b2b/testing';
import { KurrentEventStore } from './kurrent-event-store.js';
import { normalizeConnectionString, toPosition } from './mapping.js';

// Runs against KURRENTDB_URL (e.g. esdb://localhost:2113?tls=false), else a KurrentDB container where a
// Docker engine answers (image: KURRENTDB_IMAGE, default below), else reports itself skipped with the reason.
const IMAGE = process.env['KURRENTDB_IMAGE'] ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';
const target: 'env' | 'testcontainers' | null = process.env['KURRENTDB_URL'] ? 'env' : (await dockerEngineAnswers()) ? 'testcontainers' : null;
const SKIP_REASON = 'no KURRENTDB_URL and no Docker engine';
if (target === null) console.log(`[kurrent-event-store.int-spec] skipped: ${SKIP_REASON} (set KURRENTDB_URL or start Docker to run it)`);

interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

const startServer = async (): Promise<Server> => {
  if (target === 'env') return { url: process.env['KURRENTDB_URL']!, stop: async () => {} };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGE)
    .withCommand(['--insecure', '--run-projections=All', '--mem-db'])
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((s) => s >= 200 && s < 300))
    .withStartupTimeout(120_000)
    .start();
  const url = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  // Live is not yet leader: wait until a read of $all succeeds.
  for (let attempt = 1; ; attempt++) {
    try {
      await (await KurrentEventStore.open(url, { connectTimeoutMs: 5_000 })).close();
      break;
    } catch (error: unknown) {
      if (attempt >= 30) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  return { url, stop: async () => void (await container.stop()) };
};

const meta: EventMetadata = {
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { userId: randomUUID(), companyId: randomUUID(), role: 'sales' },
  companyId: randomUUID(),
};
const event = (type = 'Happened', data: object = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data });
const envelope = (key: string): Envelope => ({
  eventId: randomUUID(), type: 'test.Happened', version: 1, topic: 'test.things', key, companyId: meta.companyId!,
  correlationId: meta.correlationId, causationId: null, actor: meta.actor, occurredAt: '2026-01-01T00:00:00.000Z', payload: { key },
});
const stream = (): string => `kt-${randomUUID()}`;

describe('KurrentEventStore.open', () => {
  it('fails fast, naming the server without its password, when nothing answers', async () => {
    const started = Date.now();
    await expect(KurrentEventStore.open('esdb://admin:secret@127.0.0.1:1?tls=false', { connectTimeoutMs: 5_000 })).rejects.toThrow(
      /^cannot reach KurrentDB at esdb:\/\/admin:\*\*\*@127\.0\.0\.1:1\?tls=false: /,
    );
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});

(target === null ? describe.skip : describe)(
  target === null ? `KurrentEventStore on KurrentDB (skipped: ${SKIP_REASON})` : `KurrentEventStore on KurrentDB (${target})`,
  () => {
    let server: Server | undefined;
    const url = (): string => server!.url;
    beforeAll(async () => {
      server = await startServer();
    });
    afterAll(async () => {
      await server?.stop();
    });
    eventStoreContract('kurrentdb', () => KurrentEventStore.open(url()), { atomicMultiStream: false, serviceChain: false });

    describe('what the adapter assumes of the server', () => {
      let store: KurrentEventStore;
      let raw: EventStoreDBClient;
      beforeAll(async () => {
        store = await KurrentEventStore.open(url());
        raw = EventStoreDBClient.connectionString(normalizeConnectionString(url()));
      });
      afterAll(async () => {
        await store.close();
        await raw.dispose();
      });

      const rawAll = async (from: Position, maxCount: number) => {
        const out = [];
        for await (const r of raw.readAll({ direction: FORWARDS, fromPosition: from, maxCount })) out.push(r.event!);
        return out;
      };

      it('includes the record at fromPosition in a forward read of $all (readOutbox resumes on it)', async () => {
        const s = stream();
        await store.append(s, [event('A'), event('B')], { expected: 0n, meta });
        const { events } = await store.read(s);
        const [first] = await rawAll(toPosition(events[1]!.checkpoint), 1);
        expect(first?.id).toBe(events[1]!.id);
      });

      it('gives stream reads the $all positions of readAll (server 22.6+)', async () => {
        const before = (await store.readAll(null, 1_000_000)).at(-1)?.checkpoint ?? null;
        const s = stream();
        await store.append(s, [event('A'), event('B'), event('C')], { expected: 0n, meta });
        const viaStream = (await store.read(s)).events.map((e) => e.checkpoint);
        const viaAll = (await store.readAll(before, 100)).filter((e) => e.stream === s).map((e) => e.checkpoint);
        expect(viaStream).toEqual(viaAll);
      });

      it('stores our metadata, $correlationId/$causationId, and the outbox on the last event only', async () => {
        const s = stream();
        const outbox = [envelope(s)];
        await store.append(s, [event('A'), event('B')], { expected: 0n, meta, outbox });
        const stored = [];
        for await (const r of raw.readStream(s)) stored.push(r.event!);
        expect(stored.map((r) => [r.isJson, r.revision])).toEqual([[true, 0n], [true, 1n]]);
        expect(stored[0]!.metadata).toEqual({ $correlationId: meta.correlationId, $causationId: meta.causationId, ...meta });
        expect(stored[1]!.metadata).toEqual({ $correlationId: meta.correlationId, $causationId: meta.causationId, ...meta, outbox });
      });

      it('returns from append the checkpoint readAll gives the last event, and the same for a repeat', async () => {
        const s = stream();
        const events = [event('A'), event('B')];
        const first = await store.append(s, events, { expected: 0n, meta });
        const again = await store.append(s, events, { expected: 0n, meta });
        const last = (await store.read(s)).events.at(-1)!;
        expect(first).toEqual({ version: 2n, checkpoint: last.checkpoint });
        expect(again).toEqual(first);
      });

      it('recognises a repeat after the stream moved on, with an explicit version and with any', async () => {
        const s = stream();
        const a = [event('A')];
        const first = await store.append(s, a, { expected: 0n, meta });
        await store.append(s, [event('B')], { expected: 1n, meta });
        expect(await store.append(s, a, { expected: 0n, meta })).toEqual(first);
        const c = [event('C')];
        const third = await store.append(s, c, { expected: 'any', meta });
        expect(await store.append(s, c, { expected: 'any', meta })).toEqual(third);
        expect((await store.read(s)).version).toBe(3n);
      });

      it('reports the current version in VersionConflict', async () => {
        const s = stream();
        await store.append(s, [event(), event()], { expected: 0n, meta });
        await expect(store.append(s, [event()], { expected: 1n, meta })).rejects.toMatchObject({ expected: 1n, actual: 2n });
        await expect(store.append(stream(), [event()], { expected: 2n, meta })).rejects.toBeInstanceOf(VersionConflict);
      });

      it('resumes readAll inside one append, and the outbox from every message of one append', async () => {
        const beforeEvents = (await store.readAll(null, 1_000_000)).at(-1)?.checkpoint ?? null;
        const beforeOutbox = (await store.readOutbox(null, 1_000_000)).at(-1)?.checkpoint ?? null;
        const s = stream();
        const messages = [envelope(`${s}-1`), envelope(`${s}-2`), envelope(`${s}-3`)];
        await store.append(s, [event('A'), event('B'), event('C')], { expected: 0n, meta, outbox: messages });
        const mine = (await store.readAll(beforeEvents, 1000)).filter((e) => e.stream === s);
        expect((await store.readAll(mine[0]!.checkpoint, 1000)).filter((e) => e.stream === s).map((e) => e.type)).toEqual(['B', 'C']);
        const entries = (await store.readOutbox(beforeOutbox, 1000)).filter((o) => o.message.key.startsWith(s));
        expect(entries.map((o) => o.message)).toEqual(messages);
        for (let i = 1; i < entries.length; i++) expect(compareCheckpoints(entries[i - 1]!.checkpoint, entries[i]!.checkpoint)).toBeLessThan(0);
        for (let i = 0; i < entries.length; i++) {
          const rest = (await store.readOutbox(entries[i]!.checkpoint, 1000)).filter((o) => o.message.key.startsWith(s));
          expect(rest).toEqual(entries.slice(i + 1));
        }
      });

      it('never shows system events in readAll', async () => {
        const all = await store.readAll(null, 1_000_000);
        expect(all.filter((e) => e.stream.startsWith('$') || e.type.startsWith('$'))).toEqual([]);
      });

      it('round-trips bigints', async () => {
        const s = stream();
        await store.append(s, [event('Counted', { count: 2n ** 70n })], { expected: 0n, meta });
        expect((await store.read(s)).events[0]!.data).toEqual({ count: 2n ** 70n });
      });
    });
  },
);
