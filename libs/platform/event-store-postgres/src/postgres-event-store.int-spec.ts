import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { eventStoreContract } from '@b2b/event-store/testing';
import type { EventMetadata } from '@b2b/event-store';
import { testDatabaseUrl, uniqueSchema } from '@b2b/testing';
import { PostgresEventStore } from './postgres-event-store.js';
import { PostgresCheckpointStore } from './postgres-checkpoint-store.js';
import { startPgliteServer, type PgliteServer } from './pglite-server.js';

const schemas: string[] = [];
const openOnPostgres = async (): Promise<PostgresEventStore> => {
  const schema = uniqueSchema('es');
  schemas.push(schema);
  return PostgresEventStore.open({ connectionString: testDatabaseUrl(), schema, poolSize: 10 });
};

afterAll(async () => {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
});

eventStoreContract('postgres', openOnPostgres);

describe('EventStore contract on PGlite', () => {
  let server: PgliteServer;
  beforeAll(async () => {
    server = await startPgliteServer(null);
  }, 30_000);
  afterAll(async () => {
    await server.close();
  });
  eventStoreContract('pglite (socket)', () => PostgresEventStore.open({ connectionString: server.connectionString, poolSize: 4, preparedStatements: false }));
});

describe('PostgresEventStore global order', () => {
  const meta: EventMetadata = { correlationId: randomUUID(), causationId: null, actor: null, companyId: null };
  let store: PostgresEventStore;
  let schema: string;

  beforeAll(async () => {
    store = await openOnPostgres();
    schema = schemas[schemas.length - 1]!;
  });
  afterAll(async () => {
    await store.close();
  });

  it('never skips an event whose transaction committed after a later one', async () => {
    const before = (await store.readAll(null, 1_000_000)).at(-1)?.checkpoint ?? null;
    const slow = new pg.Client({ connectionString: testDatabaseUrl() });
    await slow.connect();
    try {
      // The slow transaction takes its position in the sequence first, then commits last.
      await slow.query('begin');
      await slow.query(
        `insert into ${schema}.es_events (stream_id, stream_version, event_id, event_type, data, metadata)
         values ($1, 1, $2, 'SlowOne', '{}', $3)`,
        [`slow-${randomUUID()}`, randomUUID(), JSON.stringify(meta)],
      );
      await store.append(`fast-${randomUUID()}`, [{ id: randomUUID(), type: 'FastOne', data: {} }], { expected: 0n, meta });

      // A reader now must not move past the fast event while the slow one is in flight.
      const whileInFlight = await store.readAll(before, 100);
      expect(whileInFlight.map((e) => e.type)).not.toContain('FastOne');

      await slow.query('commit');
      const after = await store.readAll(before, 100);
      expect(after.map((e) => e.type)).toEqual(['SlowOne', 'FastOne']);
    } finally {
      await slow.end();
    }
  });

  it('gives a projection every event exactly once under concurrent appends', async () => {
    const before = (await store.readAll(null, 1_000_000)).at(-1)?.checkpoint ?? null;
    const streams = Array.from({ length: 10 }, () => `conc-${randomUUID()}`);
    const seen: string[] = [];
    let checkpoint = before;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const batch = await store.readAll(checkpoint, 50);
        for (const e of batch) seen.push(e.id);
        if (batch.length > 0) checkpoint = batch[batch.length - 1]!.checkpoint;
        else await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const written: string[] = [];
    await Promise.all(
      streams.map(async (s) => {
        for (let v = 0n; v < 20n; v++) {
          const id = randomUUID();
          written.push(id);
          await store.append(s, [{ id, type: 'Step', data: { v: Number(v) } }], { expected: v, meta });
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    reading = false;
    await reader;
    const rest = await store.readAll(checkpoint, 10_000);
    const all = [...seen, ...rest.map((e) => e.id)];
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set(written));
  });

  it('keeps checkpoints per reader', async () => {
    const checkpoints = new PostgresCheckpointStore(store.connectionPool, schema);
    expect(await checkpoints.load('relay:test')).toBeNull();
    await checkpoints.save('relay:test', { commit: 42n, position: 7n });
    await checkpoints.save('relay:test', { commit: 43n, position: 9n });
    expect(await checkpoints.load('relay:test')).toEqual({ commit: 43n, position: 9n });
  });
});
