import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startPgliteServer, type PgliteServer } from '@b2b/event-store-postgres';
import { FixedClock } from '@b2b/kernel';
import { READ_MODELS, runRebuildCli } from './rebuild-cli.js';
import { produceCatalogAndAgreements } from './testing/live-data.js';
import { snapshotDatabase, startServices, vandalize, type LiveServices, type Snapshot } from './testing/live-services.js';

/** The embedded run's storage: a PGlite data directory per service, opened by one process at a time.
 *  Agreements and catalog run on it, then `npm run rebuild -- --data-dir` rebuilds them in place. */
const SERVICES = ['agreements', 'catalog'];
const dataDir = mkdtempSync(join(tmpdir(), 'rebuild-pglite-'));
let servers: PgliteServer[] = [];
let live: LiveServices | null = null;
let before: Record<string, Snapshot>;

/** Opens every service's data directory, runs `work` with the connection strings, closes them again. */
const withDatabases = async <T>(work: (urls: Map<string, string>) => Promise<T>): Promise<T> => {
  servers = await Promise.all(SERVICES.map((s) => startPgliteServer(join(dataDir, s))));
  try {
    return await work(new Map(SERVICES.map((s, i) => [s, servers[i]!.connectionString])));
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  }
};
const snapshotAll = (urls: Map<string, string>) => Promise.all(SERVICES.map(async (s) => [s, await snapshotDatabase(urls.get(s)!)] as const)).then(Object.fromEntries);
const cli = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRebuildCli(argv, {}, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

beforeAll(async () => {
  await withDatabases(async (urls) => {
    live = await startServices(urls, { singleConnection: true, clock: new FixedClock(new Date()) });
    await produceCatalogAndAgreements(live.baseUrl);
    await live.settle();
    const refused = await cli(['--service', 'catalog', '--data-dir', dataDir]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('in use by a running process (postmaster.pid)') });
    await live.close();
    live = null;
    before = (await snapshotAll(urls)) as Record<string, Snapshot>;
  });
});
afterAll(async () => {
  await live?.close();
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run rebuild --data-dir (PGlite, the embedded run)', () => {
  it('rebuilds each service in its data directory to the rows the live projections wrote', async () => {
    expect(before['catalog']!['catalog_products']!.length).toBe(4);
    expect(before['agreements']!['agreements_known_products']!.length).toBe(4); // fed by the catalog's events
    await withDatabases(async (urls) => {
      for (const service of SERVICES) await vandalize(urls.get(service)!, READ_MODELS.find((r) => r.service === service)!, { catalog_products: 'active = true' });
    });

    for (const service of SERVICES) {
      const { code, stdout, stderr } = await cli(['--service', service, '--data-dir', dataDir]);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(new RegExp(`^${service}: replayed \\d+ events into \\d projections? `));
    }

    const after = await withDatabases(snapshotAll);
    for (const service of SERVICES) {
      for (const [table, rows] of Object.entries(before[service]!)) expect({ service, table, rows: after[service][table] }).toEqual({ service, table, rows });
    }
  });
});
