import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { FixedClock } from '@b2b/kernel';
import { openReadModels, rebuildReadModels, type Projection } from '@b2b/nest';
import { orderingReadModels } from '@b2b/ordering-service';
import { createTestDatabase } from '@b2b/testing';
import { READ_MODELS, runRebuildCli } from './rebuild-cli.js';
import { produceLiveData } from './testing/live-data.js';
import { ownedTables, snapshotDatabase, startServices, vandalize, type LiveServices, type Snapshot } from './testing/live-services.js';

/** The six services on PostgreSQL (a fresh database each), live data produced over HTTP, then stopped:
 *  `npm run rebuild -- --service all` must give back exactly the rows the live projections wrote. */
const SERVICES = READ_MODELS.map((r) => r.service);
const PLATFORM_TABLES = ['inbox_messages', 'projection_checkpoints'];
const databases = new Map<string, { url: string; drop(): Promise<void> }>();
let live: LiveServices | null = null;
let before: Record<string, Snapshot>;

const urls = () => new Map([...databases].map(([service, d]) => [service, d.url]));
const env = () => Object.fromEntries([...databases].map(([service, d]) => [`${service.toUpperCase()}_DATABASE_URL`, d.url]));
const snapshotAll = async (): Promise<Record<string, Snapshot>> =>
  Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await snapshotDatabase(databases.get(s)!.url)] as const)));
const cli = async (argv: string[], environment: NodeJS.ProcessEnv) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRebuildCli(argv, environment, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
};
/** Table by table, so a difference names its table. */
const expectSame = (actual: Record<string, Snapshot>, expected: Record<string, Snapshot>): void => {
  for (const [service, tables] of Object.entries(expected)) {
    expect(Object.keys(actual[service]!)).toEqual(Object.keys(tables));
    for (const [table, rows] of Object.entries(tables)) expect({ service, table, rows: actual[service]![table] }).toEqual({ service, table, rows });
  }
};

beforeAll(async () => {
  for (const service of SERVICES) databases.set(service, await createTestDatabase(`rebuild_${service}`));
  const clock = new FixedClock(new Date());
  live = await startServices(urls(), { clock });
  await produceLiveData(live.baseUrl, clock);
  await live.settle(); // every projection has caught up with every event
  await live.close(); // the services are stopped before a rebuild (and nothing writes while we compare)
  live = null;
  before = await snapshotAll();
});
afterAll(async () => {
  await live?.close();
  for (const database of databases.values()) await database.drop();
});
describe('npm run rebuild (PostgreSQL)', () => {
  it('starts from live data worth rebuilding: orders in many states, every projection with rows', () => {
    const statuses = new Set((before['ordering']!['ordering_orders'] as { status: string }[]).map((o) => o.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['cancelled', 'changes-requested', 'draft', 'invoiced', 'pending-approval', 'rejected', 'scheduled']));
    for (const readModels of READ_MODELS) {
      for (const table of ownedTables(readModels)) expect({ table, rows: before[readModels.service]![table]!.length > 0 }).toEqual({ table, rows: true });
    }
    // agreements, products and locations as ordering learnt them from other services' events
    const inboxFed = Object.keys(before['ordering']!).filter((t) => !ownedTables(orderingReadModels).includes(t) && !t.startsWith('es_') && !PLATFORM_TABLES.includes(t));
    expect(inboxFed.filter((t) => before['ordering']![t]!.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('rebuilds every service to the rows the live projections wrote, and leaves inbox-fed tables and events alone', async () => {
    for (const readModels of READ_MODELS) {
      await vandalize(databases.get(readModels.service)!.url, readModels, { ordering_orders: "status = 'draft'", deliveries: "status = 'scheduled'", invoicing_invoices: "paid_total = '0.00'" });
    }
    expect((await snapshotAll())['ordering']!['ordering_orders']).not.toEqual(before['ordering']!['ordering_orders']);

    const { code, stdout, stderr } = await cli(['--service', 'all'], env());

    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stderr).toContain('100%');
    expect(stdout.trim().split('\n').map((line) => line.split(':')[0])).toEqual(SERVICES);
    expect(stdout).toMatch(/^ordering: replayed \d+ events into 3 projections \(ordering-orders, ordering-quote-requests, ordering-order-lists; tables ordering_orders, ordering_quote_requests, ordering_order_lists\) in \d+\.\d s$/m);
    expectSame(await snapshotAll(), before); // owned tables and checkpoints as live; inbox, inbox-fed tables and event store untouched
  });

  it('leaves the old read model in place when a rebuild fails half-way', async () => {
    let seen = 0;
    const failing: Projection = {
      name: 'fails-at-the-tenth-event', owns: [],
      apply: async (_manager: EntityManager) => {
        if (++seen === 10) throw new Error('projection bug');
      },
    };
    const dataSource = await openReadModels(databases.get('ordering')!.url, orderingReadModels.entities, { poolSize: 1 });
    try {
      await expect(rebuildReadModels(dataSource, { ...orderingReadModels, projections: [...orderingReadModels.projections, failing] }, { batchSize: 3 })).rejects.toThrow('projection bug');
    } finally {
      await dataSource.destroy();
    }
    expect(seen).toBe(10);
    expectSame(await snapshotAll(), before);
  });

  it('refuses while another session uses the database, unless forced; names what is missing', async () => {
    const other = new pg.Client({ connectionString: databases.get('ordering')!.url, application_name: 'still-running' });
    await other.connect();
    try {
      const refused = await cli(['--service', 'ordering'], { DATABASE_URL: databases.get('ordering')!.url });
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toContain('ordering: rebuild failed, its read model is unchanged: ordering: other sessions are connected to its database (1 from still-running)');
      const forced = await cli(['--service', 'ordering', '--force', '--batch-size', '2'], { DATABASE_URL: databases.get('ordering')!.url });
      expect(forced).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ordering: replayed \d+ events/) });
    } finally {
      await other.end();
    }
    expectSame(await snapshotAll(), before);
    expect(await cli(['--service', 'all'], { ORDERING_DATABASE_URL: 'postgresql://x/y' })).toMatchObject({ code: 2, stderr: expect.stringContaining('missing: AGREEMENTS_DATABASE_URL, CATALOG_DATABASE_URL, APPROVALS_DATABASE_URL') });
    expect(await cli(['--service', 'shipping'], {})).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown service "shipping"') });
    expect(await cli(['--service', 'ordering'], { DATABASE_URL: 'postgresql://x/y', EVENT_STORE: 'kurrentdb' })).toMatchObject({ code: 2, stderr: expect.stringContaining('kurrentdb') });
  });
});
