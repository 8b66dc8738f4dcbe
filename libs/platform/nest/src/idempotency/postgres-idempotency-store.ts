import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore, type IdempotencyClaim, type IdempotencyRequest, type StoredResponse } from './idempotency-store.js';

/** What the store needs of a connection: one statement at a time, rows back (a `pg.Pool` is one). */
export interface SqlClient {
  query(sql: string, params: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** A service's read-model DataSource as a SqlClient (its pool; PGlite's single connection in the embedded run). */
export const sqlClientOf = (dataSource: DataSource): SqlClient => ({
  query: async (sql, params) => {
    const runner = dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, [...params], true);
      return { rows: (result.records ?? []) as Record<string, unknown>[] };
    } finally {
      await runner.release();
    }
  },
});

const SCHEMA = `
create table if not exists idempotency_keys (
  scope        text        not null,
  key          text        not null,
  fingerprint  text        not null,
  token        uuid        not null,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  status       integer,
  body         text,
  completed_at timestamptz,
  primary key (scope, key)
);
create index if not exists idempotency_keys_expiry on idempotency_keys (expires_at)`;

/** Idempotency keys in a table of the service's own database (PostgreSQL, or PGlite behind its socket).
 *  Every operation is one autocommit statement: a claim is `insert … on conflict` (taking over only an
 *  expired row), so of concurrent claims across replicas exactly one inserts; nothing holds a
 *  transaction while the request runs. */
export class PostgresIdempotencyStore extends IdempotencyStore {
  private constructor(
    private readonly sql: SqlClient,
    private readonly ttlMs: number,
  ) {
    super();
  }

  /** Creates the table when missing. Replicas starting together may race on `create table if not
   *  exists` (PostgreSQL then reports a duplicate type or table): the loser tries again and finds it. */
  static async open(sql: SqlClient, options: { ttlMs?: number } = {}): Promise<PostgresIdempotencyStore> {
    for (let attempt = 1; ; attempt++) {
      try {
        for (const statement of SCHEMA.split(';')) await sql.query(statement, []);
        break;
      } catch (error: unknown) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= 3 || (code !== '23505' && code !== '42P07')) throw error;
      }
    }
    return new PostgresIdempotencyStore(sql, options.ttlMs ?? IDEMPOTENCY_TTL_MS);
  }

  async claim(request: IdempotencyRequest, now: Date): Promise<IdempotencyClaim> {
    for (let attempt = 1; ; attempt++) {
      const token = randomUUID();
      const claimed = await this.sql.query(
        `insert into idempotency_keys (scope, key, fingerprint, token, created_at, expires_at)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (scope, key) do update
           set fingerprint = excluded.fingerprint, token = excluded.token, created_at = excluded.created_at,
               expires_at = excluded.expires_at, status = null, body = null, completed_at = null
           where idempotency_keys.expires_at <= excluded.created_at
         returning token`,
        [request.scope, request.key, request.fingerprint, token, now, new Date(now.getTime() + this.ttlMs)],
      );
      if (claimed.rows.length > 0) return { outcome: 'new', token };
      const held = await this.sql.query(
        'select fingerprint, created_at, status, body, completed_at from idempotency_keys where scope = $1 and key = $2',
        [request.scope, request.key],
      );
      const row = held.rows[0];
      // Released or purged between the two statements: claim again.
      if (!row) {
        if (attempt >= 3) throw new Error(`idempotency key ${request.key} changed hands three times in a row`);
        continue;
      }
      if (row['fingerprint'] !== request.fingerprint) return { outcome: 'mismatch' };
      if (row['completed_at'] === null) return { outcome: 'in-progress', since: row['created_at'] as Date };
      return { outcome: 'done', response: { status: Number(row['status']), body: row['body'] as string | null }, at: row['completed_at'] as Date };
    }
  }

  async complete(request: IdempotencyRequest, token: string, response: StoredResponse, now: Date): Promise<void> {
    await this.sql.query(
      'update idempotency_keys set status = $4, body = $5, completed_at = $6 where scope = $1 and key = $2 and token = $3',
      [request.scope, request.key, token, response.status, response.body, now],
    );
  }

  async release(request: IdempotencyRequest, token: string): Promise<void> {
    await this.sql.query('delete from idempotency_keys where scope = $1 and key = $2 and token = $3', [request.scope, request.key, token]);
  }

  async purgeExpired(now: Date): Promise<number> {
    const purged = await this.sql.query('delete from idempotency_keys where expires_at <= $1 returning key', [now]);
    return purged.rows.length;
  }
}
