import type pg from 'pg';
import { CheckpointStore, retryTransient } from '@b2b/event-store';
import type { Checkpoint } from '@b2b/event-store';
import { assertIdentifier } from './schema.js';

/** Checkpoints of the relay and projections, in the event store's schema (es_checkpoints). */
export class PostgresCheckpointStore extends CheckpointStore {
  private readonly schema: string;
  constructor(
    private readonly pool: pg.Pool,
    schema = 'public',
  ) {
    super();
    this.schema = assertIdentifier(schema);
  }

  async load(reader: string): Promise<Checkpoint | null> {
    const { rows } = await retryTransient(() => this.pool.query<{ commit_id: string; position: string }>(
      `select commit_id, position from ${this.schema}.es_checkpoints where reader = $1`,
      [reader],
    ));
    const row = rows[0];
    return row ? { commit: BigInt(row.commit_id), position: BigInt(row.position) } : null;
  }

  async save(reader: string, checkpoint: Checkpoint): Promise<void> {
    await retryTransient(() => this.pool.query(
      `insert into ${this.schema}.es_checkpoints (reader, commit_id, position) values ($1, $2, $3)
       on conflict (reader) do update set commit_id = excluded.commit_id, position = excluded.position, updated_at = now()`,
      [reader, checkpoint.commit.toString(), checkpoint.position.toString()],
    ));
  }
}
