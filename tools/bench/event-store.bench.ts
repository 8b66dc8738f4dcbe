import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '@b2b/event-store-postgres';
import type { EventMetadata } from '@b2b/event-store';

/** `npm run bench`: append and read throughput of the PostgreSQL event store on DATABASE_URL (default:
 *  the local server). Numbers go to docs/benchmarks.md by hand; nothing here fails on a slow machine. */
const url = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
const meta: EventMetadata = { correlationId: randomUUID(), causationId: null, actor: { userId: randomUUID(), companyId: randomUUID(), role: 'requester' }, companyId: randomUUID() };
const data = { orderId: randomUUID(), sku: 'BOLT-M8-40', quantity: 120, unitPrice: '0.38', comment: 'benchmark line' };

const time = async (label: string, events: number, work: () => Promise<void>): Promise<void> => {
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(58)} ${events.toString().padStart(7)} events  ${(events / seconds).toFixed(0).padStart(7)} events/s`);
};

const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: 8 });
try {
  const N = 2000;
  // Baseline on the same machine and moment: a plain single-row insert, one connection.
  await store.connectionPool.query(`create table ${schema}.raw_baseline (id uuid primary key, data jsonb not null)`);
  await time('baseline: raw single-row insert, 1 connection', N, async () => {
    for (let i = 0; i < N; i++) await store.connectionPool.query(`insert into ${schema}.raw_baseline values ($1, $2)`, [randomUUID(), JSON.stringify(data)]);
  });
  await time('1 connection, 1 event per append (expected version)', N, async () => {
    const stream = `order-${randomUUID()}`;
    for (let v = 0n; v < BigInt(N); v++) await store.append(stream, [{ id: randomUUID(), type: 'LineAdded', data }], { expected: v, meta });
  });
  await time('8 concurrent writers, 1 event per append, 8 streams', N * 4, async () => {
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const stream = `order-${randomUUID()}`;
        for (let v = 0n; v < BigInt(N / 2); v++) await store.append(stream, [{ id: randomUUID(), type: 'LineAdded', data }], { expected: v, meta });
      }),
    );
  });
  await time('1 connection, 100 events per append', 100 * 200, async () => {
    const stream = `order-${randomUUID()}`;
    for (let i = 0; i < 200; i++) {
      const events = Array.from({ length: 100 }, () => ({ id: randomUUID(), type: 'LineAdded', data }));
      await store.append(stream, events, { expected: BigInt(i * 100), meta });
    }
  });
  await time('1 event + 1 outbox message per append (1 connection)', N, async () => {
    const stream = `order-${randomUUID()}`;
    for (let v = 0n; v < BigInt(N); v++) {
      const eventId = randomUUID();
      await store.append(stream, [{ id: eventId, type: 'LineAdded', data }], {
        expected: v, meta,
        outbox: [{ eventId, type: 'ordering.LineAdded', version: 1, topic: 'ordering.orders', key: stream, companyId: meta.companyId!, correlationId: meta.correlationId, causationId: null, actor: meta.actor, occurredAt: new Date().toISOString(), payload: data }],
      });
    }
  });
  let total = 0;
  await time('readAll, batches of 500 (gap-free order)', N * 4 + N + 20_000 + N, async () => {
    let after = null;
    for (;;) {
      const batch = await store.readAll(after, 500);
      if (batch.length === 0) break;
      total += batch.length;
      after = batch[batch.length - 1]!.checkpoint;
    }
  });
  console.log(`(read ${total} events)`);
} finally {
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema ${schema} cascade`);
  await client.end();
}
