import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import pg from 'pg';
import { eventStoreContract } from '@b2b/event-store/testing';
import { GENESIS, chainHash, eventDigest, sealPending, verifyLog, verifyStream, type EventMetadata } from '@b2b/event-store';
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
  });
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

  it('reports a subscription idle only once an event held back by an older open transaction is handled', async () => {
    const before = (await store.readAll(null, 1_000_000)).at(-1)?.checkpoint ?? null;
    const seen: string[] = [];
    const subscription = store.subscribe({ after: async () => before, handle: async (batch) => void seen.push(...batch.map((e) => e.type)), idleMs: 20 });
    const older = new pg.Client({ connectionString: testDatabaseUrl() });
    await older.connect();
    try {
      await subscription.idle();
      await older.query('begin');
      await older.query('select pg_current_xact_id()'); // takes a transaction id older than the append's
      await store.append(`held-${randomUUID()}`, [{ id: randomUUID(), type: 'HeldBack', data: {} }], { expected: 0n, meta });
      let idle = false;
      const caughtUp = subscription.idle().then(() => void (idle = true));
      await new Promise((r) => setTimeout(r, 300));
      expect({ idle, seen }).toEqual({ idle: false, seen: [] }); // committed, not readable yet: not caught up
      await older.query('rollback');
      await caughtUp;
      expect(seen).toEqual(['HeldBack']);
    } finally {
      await older.end();
      await subscription.stop();
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

describe('PostgresEventStore tamper evidence (rows altered directly in the database)', () => {
  const meta: EventMetadata = { correlationId: randomUUID(), causationId: null, actor: { userId: randomUUID(), companyId: randomUUID(), role: 'approver' }, companyId: randomUUID() };
  const event = (type: string, data: object = {}) => ({ id: randomUUID(), type, data });
  let store: PostgresEventStore;
  let schema: string;
  let sql: pg.Client;

  beforeEach(async () => {
    store = await openOnPostgres();
    schema = schemas[schemas.length - 1]!;
    sql = new pg.Client({ connectionString: testDatabaseUrl() });
    await sql.connect();
  });
  afterEach(async () => {
    await sql.end();
    await store.close();
  });

  const order = async (): Promise<string> => {
    const stream = `order-${randomUUID()}`;
    await store.append(stream, [event('OrderDrafted', { total: '120.00' }), event('OrderSubmitted', { round: 1 })], { expected: 0n, meta });
    await store.append(stream, [event('OrderApproved', { level: 2 })], { expected: 2n, meta });
    return stream;
  };

  it('names the altered event as the first broken link of its stream and of the service chain', async () => {
    const stream = await order();
    await store.append(`order-${randomUUID()}`, [event('OrderDrafted')], { expected: 0n, meta });
    await sealPending(store);
    expect((await verifyLog(store)).ok).toBe(true);

    await sql.query(`update ${schema}.es_events set data = jsonb_set(data, '{total}', '"12.00"') where stream_id = $1 and stream_version = 1`, [stream]);

    const { events } = await store.read(stream);
    expect(verifyStream(stream, events)).toMatchObject({ ok: false, firstBroken: { problem: 'hash-mismatch', stream, version: '1', eventType: 'OrderDrafted', eventId: events[0]!.id } });
    expect(await verifyLog(store)).toMatchObject({ ok: false, firstBroken: { problem: 'hash-mismatch', stream, version: '1' } });
  });

  it('notices an altered actor, and an event whose hash was recomputed to match (the next one no longer links)', async () => {
    const stream = await order();
    await sql.query(`update ${schema}.es_events set metadata = jsonb_set(metadata, '{actor,role}', '"admin"') where stream_id = $1 and stream_version = 3`, [stream]);
    expect(verifyStream(stream, (await store.read(stream)).events).firstBroken).toMatchObject({ problem: 'hash-mismatch', version: '3' });

    const other = await order();
    const { events } = await store.read(other);
    const forged = { ...events[0]!, data: { total: '1.00' } };
    const forgedHash = chainHash(GENESIS, 1n, forged.recordedAt.getTime(), eventDigest(forged));
    await sql.query(`update ${schema}.es_events set data = '{"total": "1.00"}', hash = decode($2, 'hex') where stream_id = $1 and stream_version = 1`, [other, forgedHash]);
    expect(verifyStream(other, (await store.read(other)).events).firstBroken).toMatchObject({ problem: 'hash-mismatch', version: '2' });
  });

  it('notices a removed event, a removed stream and removed seals', async () => {
    const gap = await order();
    const gone = await order();
    const after = await order();
    await sealPending(store);
    await sql.query(`delete from ${schema}.es_events where stream_id = $1 and stream_version = 2`, [gap]);
    expect(verifyStream(gap, (await store.read(gap)).events).firstBroken).toMatchObject({ problem: 'version-gap', version: '3' });
    await sql.query(`delete from ${schema}.es_events where stream_id = $1 and stream_version <> 2`, [gap]);

    const removed = await sql.query<{ global_position: string }>(`delete from ${schema}.es_events where stream_id = $1 returning global_position`, [gone]);
    await sql.query(`delete from ${schema}.es_seals where global_position = any($1::bigint[])`, [removed.rows.map((r) => r.global_position)]);
    await sql.query(`delete from ${schema}.es_seals where global_position in (select global_position from ${schema}.es_events where stream_id = $1)`, [gap]);
    expect(await verifyLog(store)).toMatchObject({ ok: false, firstBroken: { problem: 'seal-chain-broken', stream: after, version: '1' } });
  });

  it('chains the events of a store written before hashing existed when it is opened', async () => {
    const stream = await order();
    await sql.query(`update ${schema}.es_events set hash = null, recorded_at = recorded_at + interval '1.234 millisecond'`);
    const reopened = await PostgresEventStore.open({ connectionString: testDatabaseUrl(), schema, poolSize: 2 });
    try {
      expect(verifyStream(stream, (await reopened.read(stream)).events)).toMatchObject({ ok: true, events: 3 });
    } finally {
      await reopened.close();
    }
  });

  it('does not re-chain an event whose hash was removed from a chained store: the check still reports it', async () => {
    const stream = await order();
    await sql.query(`update ${schema}.es_events set data = '{"level": 1}', hash = null where stream_id = $1 and stream_version = 3`, [stream]);
    const reopened = await PostgresEventStore.open({ connectionString: testDatabaseUrl(), schema, poolSize: 2 });
    try {
      expect(verifyStream(stream, (await reopened.read(stream)).events).firstBroken).toMatchObject({ problem: 'hash-mismatch', version: '3', found: '' });
    } finally {
      await reopened.close();
    }
  });
});
