import pg from 'pg';
import { getMetadataArgsStorage } from 'typeorm';
import { FixedClock } from '@b2b/kernel';
import { openReadModels, rebuildReadModels, type ServiceReadModels } from '@b2b/nest';
import { bootService, type ServiceName, type TestDatabase } from './harness.js';
import { tableRows } from './snapshot.js';

/** The tables a projection owns, by name. */
export const ownedTables = (readModels: ServiceReadModels, projection?: string): string[] =>
  readModels.projections
    .filter((p) => projection === undefined || p.name === projection)
    .flatMap((p) => p.owns.map((entity) => getMetadataArgsStorage().tables.find((t) => t.target === entity)!.name!));

const withClient = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const readModelRows = (database: TestDatabase, readModels: ServiceReadModels): Promise<Record<string, unknown[]>> =>
  withClient(database.url, (client) => tableRows(async (sql, params) => (await client.query(sql, params)).rows as unknown[], ownedTables(readModels)));

/** Moves every projection's checkpoint back (to just after event `index` of the global log, or to the
 *  start when null), boots the service so its projection runners apply the events after it again over
 *  the rows they already wrote, and stops it once they caught up. */
export const rerunProjectionsFrom = async (service: ServiceName, database: TestDatabase, readModels: ServiceReadModels, index: number | null, startsAt: string): Promise<void> => {
  await withClient(database.url, async (client) => {
    const names = readModels.projections.map((p) => p.name);
    if (index === null) {
      await client.query(`delete from projection_checkpoints where projection = any($1)`, [names]);
      return;
    }
    const { rows } = await client.query<{ commit: string; position: string }>(
      `select transaction_id::text as commit, global_position::text as position from es_events order by transaction_id, global_position offset $1 limit 1`, [index],
    );
    if (!rows[0]) throw new Error(`${service}: no event at index ${index}`);
    await client.query(`update projection_checkpoints set commit_id = $1, position = $2 where projection = any($3)`, [rows[0].commit, rows[0].position, names]);
  });
  const booted = await bootService(service, database, new FixedClock(new Date(startsAt)));
  try {
    await booted.settle();
  } finally {
    await booted.close();
  }
};

/** Rebuilds the projections from scratch (npm run rebuild's code path) on the service's stopped database. */
export const cleanRebuild = async (database: TestDatabase, readModels: ServiceReadModels): Promise<void> => {
  const dataSource = await openReadModels(database.url, readModels.entities, { poolSize: 1 });
  try {
    await rebuildReadModels(dataSource, readModels);
  } finally {
    await dataSource.destroy();
  }
};

export const eventCount = (database: TestDatabase): Promise<number> =>
  withClient(database.url, async (client) => Number((await client.query<{ n: string }>(`select count(*)::text as n from es_events`)).rows[0]!.n));
