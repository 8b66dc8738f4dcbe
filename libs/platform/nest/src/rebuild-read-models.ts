import type pg from 'pg';
import { In, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { Checkpoint, RecordedEvent } from '@b2b/event-store';
import { PostgresEventStore } from '@b2b/event-store-postgres';
import { ProjectionCheckpointEntity, type ServiceReadModels } from './read-models.js';

export interface RebuildProgress {
  readonly service: string;
  /** Events replayed so far. */
  readonly replayed: number;
  /** Events in the service's event store when the rebuild began. */
  readonly total: number;
}

export interface RebuildReport {
  readonly service: string;
  readonly projections: readonly string[];
  /** The tables that were emptied and refilled. */
  readonly tables: readonly string[];
  readonly events: number;
  /** Where every projection's checkpoint now stands (null: the event store is empty). */
  readonly checkpoint: Checkpoint | null;
  readonly durationMs: number;
}

export interface RebuildOptions {
  /** Events read and applied per round trip (default 1000). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Rebuild even when other sessions are connected to the database (default false: a running service
   *  would keep projecting into the tables while they are rebuilt). */
  readonly allowOtherSessions?: boolean;
  /** How long to wait for a lock on a read-model table before giving up (default 10 s). */
  readonly lockTimeoutMs?: number;
}

/** Refused before anything was changed: the service still seems to be running. */
export class ServiceStillRunning extends Error {}

/** Rebuilds a service's projections from its PostgreSQL event store, in ONE transaction on ONE
 *  connection: empties the tables the projections own (`Projection.owns`) and their checkpoints,
 *  replays the whole global log through the same `Projection.apply` code the live runners use, batch by
 *  batch, and writes every checkpoint at the last event. If anything fails the transaction rolls back
 *  and the old read model is left as it was; other sessions see the old rows until the commit.
 *  Tables fed through the Inbox (other services' events) and the inbox itself are not touched.
 *
 *  The service must be stopped. The transaction is REPEATABLE READ, so the event count and the replay
 *  see one snapshot; events committed behind a transaction still open are not readable yet (the event
 *  store's gap-free rule), and the rebuild then fails instead of leaving them out. One connection is
 *  also what PGlite needs: its socket server holds other connections back during a transaction.
 *  @throws ServiceStillRunning when other sessions are connected (unless `allowOtherSessions`). */
export const rebuildReadModels = async (dataSource: DataSource, readModels: ServiceReadModels, options: RebuildOptions = {}): Promise<RebuildReport> => {
  const started = performance.now();
  const { service, projections } = readModels;
  const batchSize = options.batchSize ?? 1000;
  assertDistinctNames(readModels);
  const tables = [...new Set(projections.flatMap((p) => p.owns.map((entity) => tablePath(dataSource, entity))))];
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as pg.PoolClient;
    if (!options.allowOtherSessions) await refuseWhenOthersConnected(runner, service);
    // The adapter's own readAll (order, mapping), reading through this connection and so inside the transaction.
    const events = await PostgresEventStore.open({ pool: client as unknown as pg.Pool, preparedStatements: false, readOnly: true });
    await runner.startTransaction('REPEATABLE READ');
    try {
      const total = await countEvents(runner);
      if (total === 0 && (await anyRows(runner, tables))) {
        throw new Error(`${service}: its event store is empty but its read model is not; is this the right database (and EVENT_STORE=postgres)? Nothing was changed.`);
      }
      await runner.query(`set local lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs ?? 10_000))}`);
      if (tables.length > 0) await runner.query(`truncate table ${tables.join(', ')}`);
      const names = projections.map((p) => p.name);
      await runner.manager.delete(ProjectionCheckpointEntity, { projection: In(names) });
      options.onProgress?.({ service, replayed: 0, total });
      let last: Checkpoint | null = null;
      let replayed = 0;
      for (;;) {
        const batch = await events.readAll(last, batchSize);
        if (batch.length === 0) break;
        await applyAll(runner.manager, readModels, batch);
        last = batch[batch.length - 1]!.checkpoint;
        replayed += batch.length;
        options.onProgress?.({ service, replayed, total });
        if (batch.length < batchSize) break;
      }
      if (replayed !== total) {
        throw new Error(`${service}: ${total} events stored but ${replayed} readable; a transaction appending events is still open (is the service running?). Nothing was changed.`);
      }
      if (last) {
        const checkpoint = { commit: last.commit.toString(), position: last.position.toString() };
        await runner.manager.upsert(ProjectionCheckpointEntity, names.map((projection) => ({ projection, ...checkpoint })), ['projection']);
      }
      await runner.commitTransaction();
      return { service, projections: names, tables: tables.map(unquote), events: replayed, checkpoint: last, durationMs: performance.now() - started };
    } catch (error: unknown) {
      await runner.rollbackTransaction().catch(() => undefined); // a lost connection rolled back already
      throw error;
    }
  } finally {
    await runner.release();
  }
};

const applyAll = async (manager: EntityManager, { projections }: ServiceReadModels, batch: readonly RecordedEvent[]): Promise<void> => {
  // Projections are independent (none reads another's tables), so event by event through all of them
  // gives each the same sequence its live runner applies.
  for (const event of batch) for (const projection of projections) await projection.apply(manager, event);
};

const assertDistinctNames = ({ service, projections }: ServiceReadModels): void => {
  const names = projections.map((p) => p.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`${service}: projection ${twice} is listed twice`);
};

const tablePath = (dataSource: DataSource, entity: new () => object): string =>
  dataSource.getMetadata(entity).tablePath.split('.').map((part) => dataSource.driver.escape(part)).join('.');

const unquote = (path: string): string => path.replace(/"/g, '');

/** Events in the PostgreSQL event store (its es_events table), in the transaction's snapshot. */
const countEvents = async (runner: QueryRunner): Promise<number> => {
  const rows = (await runner.query('select count(*)::text as n from es_events')) as { n: string }[];
  return Number(rows[0]?.n ?? 0);
};

const anyRows = async (runner: QueryRunner, tables: readonly string[]): Promise<boolean> => {
  for (const table of tables) if (((await runner.query(`select 1 from ${table} limit 1`)) as unknown[]).length > 0) return true;
  return false;
};

const refuseWhenOthersConnected = async (runner: QueryRunner, service: string): Promise<void> => {
  const rows = (await runner.query(
    `select coalesce(nullif(application_name, ''), client_addr::text, 'local') as who, count(*)::int as n
       from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
      group by 1`,
  )) as { who: string; n: number }[];
  if (rows.length === 0) return;
  const sessions = rows.map((r) => `${r.n} from ${r.who}`).join(', ');
  throw new ServiceStillRunning(`${service}: other sessions are connected to its database (${sessions}); stop the service first (or force the rebuild)`);
};
