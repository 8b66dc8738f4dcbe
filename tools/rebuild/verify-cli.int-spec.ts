import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore } from '@b2b/event-store-postgres';
import { sealPending, type EventMetadata } from '@b2b/event-store';
import { createTestDatabase } from '@b2b/testing';
import { runVerifyCli } from './verify-cli.js';

const meta: EventMetadata = { correlationId: randomUUID(), causationId: null, actor: { userId: randomUUID(), companyId: randomUUID(), role: 'requester' }, companyId: randomUUID() };

describe('npm run verify (a service database on PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  const orderId = randomUUID();
  const companyId = meta.companyId!;

  beforeAll(async () => {
    database = await createTestDatabase('verify');
    const store = await PostgresEventStore.open({ connectionString: database.url });
    await store.append(`order-${orderId}`, [{ id: randomUUID(), type: 'OrderDrafted', data: { orderId, companyId, total: '120.00' } }], { expected: 0n, meta });
    await store.append(`order-trail-${orderId}`, [{ id: randomUUID(), type: 'TrailStepRecorded', data: { service: 'delivery', type: 'DeliveryDispatched', data: { carrier: 'DHL' } } }], { expected: 'any', meta });
    await store.append(`company-agreements-${companyId}`, [{ id: randomUUID(), type: 'AgreementTermsReceived', data: { version: 1 } }], { expected: 'any', meta });
    await sealPending(store);
    await store.close();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runVerifyCli(argv, { ORDERING_DATABASE_URL: database.url }, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
    return { code, out, err };
  };

  it('reports an intact store and trail with the chain head, exit code 0', async () => {
    const { code, out } = await run('--order', orderId);
    expect(code).toBe(0);
    expect(out).toMatch(/^ordering: intact — 3 events in 3 streams, 3 sealed; service chain head [0-9a-f]{64}$/m);
    expect(out).toContain(`order-trail-${orderId}: intact — 1 events`);
  });

  it('names the first broken link after a row was altered in the database, exit code 1', async () => {
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    try {
      await sql.query(`update es_events set data = jsonb_set(data, '{data,carrier}', '"UPS"') where stream_id = $1`, [`order-trail-${orderId}`]);
    } finally {
      await sql.end();
    }
    const { code, out } = await run('--service', 'ordering', '--order', orderId);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^ordering: BROKEN — .* first broken link: hash-mismatch at order-trail-${orderId} version 1 \\(TrailStepRecorded`, 'm'));
    expect(out).toMatch(new RegExp(`^  order-trail-${orderId}: BROKEN — first broken link: hash-mismatch`, 'm'));
    expect(out).toMatch(new RegExp(`^  order-${orderId}: intact`, 'm'));
  });

  it('refuses a wrong command line with exit code 2', async () => {
    expect((await run('--service', 'shipping')).code).toBe(2);
    expect((await run('--order', 'not-an-id')).err).toContain('--order must be an order id');
    expect((await runVerifyCli(['--service', 'all'], {}, { stdout: { write: () => true }, stderr: { write: () => true } }))).toBe(2);
  });
});
