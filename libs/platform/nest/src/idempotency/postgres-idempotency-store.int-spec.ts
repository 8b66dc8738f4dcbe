import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startPgliteServer, type PgliteServer } from '@b2b/event-store-postgres';
import { createTestDatabase } from '@b2b/testing';
import { idempotencyStoreContract } from '../testing/idempotency-store.contract.js';
import { PostgresIdempotencyStore } from './postgres-idempotency-store.js';

const openOn = async (connectionString: string, max: number) => {
  const pool = new pg.Pool({ connectionString, max });
  const store = await PostgresIdempotencyStore.open(pool);
  return Object.assign(store, { close: () => pool.end() });
};

describe('on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase('idem');
  });
  afterAll(async () => {
    await database?.drop();
  });
  idempotencyStoreContract('postgres', () => openOn(database.url, 8));

  it('opens on a fresh database from four replicas starting at once, and they share one table', async () => {
    const fresh = await createTestDatabase('idem');
    try {
      const replicas = await Promise.all([1, 2, 3, 4].map(() => openOn(fresh.url, 2)));
      const request = { scope: 'user:u POST /api/orders', key: 'k', fingerprint: 'f' };
      const now = new Date();
      const claims = await Promise.all(replicas.map((r) => r.claim(request, now)));
      expect(claims.map((c) => c.outcome).sort()).toEqual(['in-progress', 'in-progress', 'in-progress', 'new']);
      await Promise.all(replicas.map((r) => r.close()));
    } finally {
      await fresh.drop();
    }
  });
});

describe('on PGlite', () => {
  let server: PgliteServer;
  beforeAll(async () => {
    server = await startPgliteServer(null);
  });
  afterAll(async () => {
    await server?.close();
  });
  idempotencyStoreContract('pglite (socket, one connection as in the embedded run)', () => openOn(server.connectionString, 1));
});
