import { Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { authConfig } from '@b2b/auth';
import type { Clock } from '@b2b/kernel';
import { InProcessBus } from '@b2b/messaging';
import { PlatformModule, ServiceRuntime, createHttpApp, openServiceInfrastructure, type ServiceInfrastructure, type ServiceReadModels } from '@b2b/nest';
import { AgreementsModule } from '@b2b/agreements-service';
import { ApprovalsModule } from '@b2b/approvals-service';
import { CatalogModule } from '@b2b/catalog-service';
import { DeliveryModule } from '@b2b/delivery-service';
import { InvoicingModule } from '@b2b/invoicing-service';
import { OrderingModule } from '@b2b/ordering-service';

export const ADMIN = { email: 'admin@supplier.example', password: 'change-me-now' } as const;

const MODULES: Record<string, (infrastructure: ServiceInfrastructure) => DynamicModule> = {
  agreements: (infrastructure) => AgreementsModule.register({ infrastructure, bootstrapAdmin: ADMIN }),
  catalog: (infrastructure) => CatalogModule.register(infrastructure),
  ordering: (infrastructure) => OrderingModule.register(infrastructure),
  // no escalation timer: nothing may append while the test compares the read models
  approvals: (infrastructure) => ApprovalsModule.register(infrastructure, { escalationTickMs: 0 }),
  invoicing: (infrastructure) => InvoicingModule.register(infrastructure),
  delivery: (infrastructure) => DeliveryModule.register(infrastructure),
};

export interface LiveServices {
  readonly baseUrl: string;
  /** Resolves when every service has projected and published all it stored, and nothing new follows. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The given services in one Nest application, as the embedded run composes them: a database each
 *  (PostgreSQL, or PGlite with `singleConnection`), the in-process bus, HTTP on a free port. Tokens last
 *  90 days, so a test may move the clock on. */
export const startServices = async (databases: ReadonlyMap<string, string>, options: { singleConnection?: boolean; clock?: Clock } = {}): Promise<LiveServices> => {
  const bus = new InProcessBus();
  const infrastructures = new Map<string, ServiceInfrastructure>();
  for (const [service, databaseUrl] of databases) {
    infrastructures.set(service, await openServiceInfrastructure({
      service, databaseUrl, eventStore: { kind: 'postgres' }, publisher: bus, subscriber: bus, poolSize: 2, ...(options.singleConnection ? { singleConnection: true } : {}),
    }));
  }
  const modules = [...infrastructures].map(([service, infrastructure]) => MODULES[service]!(infrastructure));
  @Module({})
  class LiveModule {}
  const root: DynamicModule = { module: LiveModule, imports: [PlatformModule.forRoot({ auth: authConfig('r'.repeat(40), 90 * 86_400), ...(options.clock ? { clock: options.clock } : {}) }), ...modules] };
  const app: NestFastifyApplication = await createHttpApp(root, { title: 'rebuild test', logger: false, docsUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const inService = modules.map((m) => app.select(m));
  const runtimes = inService.map((m) => m.get(ServiceRuntime, { strict: true }));
  const dataSources = inService.map((m) => m.get(DataSource, { strict: true }));
  const fingerprint = async (): Promise<string> =>
    JSON.stringify(await Promise.all(dataSources.map((d) => d.query('select (select count(*) from es_events) as events, (select count(*) from inbox_messages) as handled'))));
  return {
    baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    settle: async () => {
      for (let last = ''; ;) {
        for (const runtime of runtimes) await runtime.settled();
        await new Promise((r) => setTimeout(r, 100));
        const now = await fingerprint();
        if (now === last) return;
        last = now;
      }
    },
    close: () => app.close(),
  };
};

export type Snapshot = Record<string, unknown[]>;

/** Every table of a database with every row, in primary key order. */
export const snapshotDatabase = async (connectionString: string): Promise<Snapshot> => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string; key: string[] }>(
      `select c.relname as name,
              array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.oid and a.attnum = k.n order by k.o) as key
         from pg_class c join pg_namespace s on s.oid = c.relnamespace left join pg_index i on i.indrelid = c.oid and i.indisprimary
        where s.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    );
    const snapshot: Snapshot = {};
    for (const { name, key } of tables) {
      const order = key.length > 0 ? key.map((k) => `"${k}"`).join(', ') : '1';
      snapshot[name] = (await client.query(`select * from "${name}" order by ${order}`)).rows;
    }
    return snapshot;
  } finally {
    await client.end();
  }
};

/** The tables a service's projections own, by name. */
export const ownedTables = (readModels: ServiceReadModels): string[] =>
  readModels.projections.flatMap((p) => p.owns.map((entity) => getMetadataArgsStorage().tables.find((t) => t.target === entity)!.name!));

/** Damages the projections' rows the way a bug or a hand edit would: a row of every owned table gone,
 *  `set` applied to what is left, and the checkpoints moved back to the start. */
export const vandalize = async (connectionString: string, readModels: ServiceReadModels, set: Readonly<Record<string, string>> = {}): Promise<void> => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const table of ownedTables(readModels)) {
      await client.query(`delete from "${table}" where ctid = (select ctid from "${table}" limit 1)`);
      if (set[table]) await client.query(`update "${table}" set ${set[table]}`);
    }
    await client.query(`update projection_checkpoints set commit_id = '0', position = 0 where projection = any($1)`, [readModels.projections.map((p) => p.name)]);
  } finally {
    await client.end();
  }
};
