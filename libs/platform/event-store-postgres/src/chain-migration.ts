import type pg from 'pg';
import { GENESIS, chainHash, eventDigest } from '@b2b/event-store';
import { eventColumns, toRecorded, type EventRow } from './rows.js';

/** A store written before events were hash-chained gets its chains once, at the first open of this
 *  version, in one transaction (event times are cut to the millisecond the chain covers). Only a store
 *  with no hash at all is chained: an unhashed event in a chained store is what tampering leaves
 *  (a hash set to null), which a check must report and an open must not paper over. */
export const chainUnhashedEvents = async (pool: pg.Pool, schema: string): Promise<void> => {
  const { rows: [state] } = await pool.query<{ unhashed: boolean; hashed: boolean }>(
    `select exists (select 1 from ${schema}.es_events where hash is null) as unhashed, exists (select 1 from ${schema}.es_events where hash is not null) as hashed`,
  );
  if (!state?.unhashed || state.hashed) return;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`lock table ${schema}.es_events in exclusive mode`);
    await client.query(`update ${schema}.es_events set recorded_at = date_trunc('milliseconds', recorded_at) where hash is null`);
    const { rows } = await client.query<EventRow>(`select ${eventColumns(schema)} where e.hash is null order by e.stream_id, e.stream_version`);
    const heads = new Map<string, string>();
    const updates = rows.map((row) => {
      const event = toRecorded(row);
      const hash = chainHash(heads.get(event.stream) ?? GENESIS, event.version, event.recordedAt.getTime(), eventDigest(event));
      heads.set(event.stream, hash);
      return { position: row.global_position, hash };
    });
    await client.query(
      `update ${schema}.es_events e set hash = decode(u.hash, 'hex')
         from unnest($1::bigint[], $2::text[]) as u(position, hash) where e.global_position = u.position and e.hash is null`,
      [updates.map((u) => u.position), updates.map((u) => u.hash)],
    );
    await client.query('commit');
  } catch (error: unknown) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
