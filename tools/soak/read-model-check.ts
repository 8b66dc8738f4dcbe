import pg from 'pg';
import { getMetadataArgsStorage } from 'typeorm';
import { openReadModels, rebuildReadModels, type ServiceReadModels } from '@b2b/nest';
import { READ_MODELS } from '@b2b/rebuild';
import { query, type Finding } from './checks.js';
import { within } from './client.js';

const tablesOf = (readModels: ServiceReadModels): string[] =>
  readModels.projections.flatMap((p) => p.owns.map((entity) => getMetadataArgsStorage().tables.find((t) => t.target === entity)!.name!));

const snapshot = async (url: string, tables: readonly string[], projections: readonly string[]): Promise<Record<string, string[]>> => {
  const client = new pg.Client({ connectionString: url, application_name: 'soak-checks' });
  await client.connect();
  try {
    const out: Record<string, string[]> = {};
    for (const table of tables) out[table] = (await client.query<{ row: string }>(`select row_to_json(t)::text as row from "${table}" t`)).rows.map((r) => r.row).sort();
    out['projection_checkpoints'] = (await client.query<{ row: string }>(
      'select row_to_json(t)::text as row from (select projection, commit_id, position from projection_checkpoints where projection = any($1::text[])) t', [projections],
    )).rows.map((r) => r.row).sort();
    return out;
  } finally {
    await client.end();
  }
};

/** Every read model against its events, after the run has stopped: each service's database is copied
 *  (CREATE DATABASE … TEMPLATE), `npm run rebuild`'s code replays the copy's events into its
 *  projections, and the rebuilt rows must equal the live ones, table by table. */
export const checkReadModels = async (serverUrl: string, databaseOf: (service: string) => string): Promise<{ compared: number; differences: number; list: Finding[] }> => {
  const list: Finding[] = [];
  let compared = 0;
  let differences = 0;
  for (const readModels of READ_MODELS) {
    const live = databaseOf(readModels.service);
    const copy = `${live}_rebuilt`;
    const url = new URL(serverUrl);
    url.pathname = `/${copy}`;
    await query(serverUrl, `drop database if exists ${copy}`);
    // the template must have no sessions: a terminated backend may take a moment to go
    const created = await within(30_000, async () => {
      try {
        await query(serverUrl, `create database ${copy} template ${live}`);
        return true;
      } catch {
        return false;
      }
    });
    if (!created) {
      differences++;
      list.push({ check: 'read models', what: `${readModels.service}: could not copy its database ${live}` });
      continue;
    }
    try {
      const tables = tablesOf(readModels);
      const names = readModels.projections.map((p) => p.name);
      const before = await snapshot(url.toString(), tables, names);
      const dataSource = await openReadModels(url.toString(), readModels.entities, { poolSize: 1 });
      try {
        await rebuildReadModels(dataSource, readModels, {});
      } finally {
        await dataSource.destroy();
      }
      const after = await snapshot(url.toString(), tables, names);
      for (const table of Object.keys(before)) {
        compared++;
        const gone = before[table]!.filter((r) => !after[table]!.includes(r));
        const extra = after[table]!.filter((r) => !before[table]!.includes(r));
        if (gone.length + extra.length > 0) {
          differences++;
          list.push({ check: 'read models', what: `${readModels.service} ${table}: ${gone.length} live rows differ from the rebuild, ${extra.length} rebuilt rows not live; e.g. live ${gone[0]?.slice(0, 300) ?? '-'} rebuilt ${extra[0]?.slice(0, 300) ?? '-'}` });
        }
      }
    } finally {
      await query(serverUrl, `drop database if exists ${copy} with (force)`);
    }
  }
  return { compared, differences, list };
};

/** The run's database names by service, for the read-model check after the run stopped. */
export const databaseNameOf = (prefix: string) => (service: string): string => `${prefix}_${service}`;
