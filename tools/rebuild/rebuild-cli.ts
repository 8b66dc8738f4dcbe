import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openReadModels, rebuildReadModels, type RebuildOptions, type RebuildReport, type ServiceReadModels } from '@b2b/nest';
import { agreementsReadModels } from '@b2b/agreements-service';
import { approvalsReadModels } from '@b2b/approvals-service';
import { catalogReadModels } from '@b2b/catalog-service';
import { deliveryReadModels } from '@b2b/delivery-service';
import { invoicingReadModels } from '@b2b/invoicing-service';
import { orderingReadModels } from '@b2b/ordering-service';
import { ProgressBar, type ProgressStream } from './progress-bar.js';
import { UsageError, connectTo, databaseTargets, type DatabaseTarget } from './targets.js';

/** Every service's read models, in the order `--service all` rebuilds them. */
export const READ_MODELS: readonly ServiceReadModels[] = [
  agreementsReadModels, catalogReadModels, orderingReadModels, approvalsReadModels, invoicingReadModels, deliveryReadModels,
];

export const USAGE = `Usage: npm run rebuild -- --service <name|all> [--data-dir <dir>] [--batch-size <n>] [--force]

Rebuilds a service's projections from its event store: in one transaction it empties the tables its
projections own, replays every event through the same projection code the service runs, and writes
the projections' checkpoints. A failed rebuild changes nothing. Tables fed by other services' events
(through the inbox) are left as they are.

STOP THE SERVICE FIRST (for the embedded run: stop the whole process). A running service would keep
writing while its read model is rebuilt, and a PGlite data directory may be opened by one process only.
The rebuild refuses to start while other sessions are connected to a service's PostgreSQL database,
or while a PGlite data directory is open (its postmaster.pid exists).

Where the databases are:
  --data-dir <dir>     the embedded run's EMBEDDED_DATA_DIR (./.data unless set): a PGlite database per service in <dir>/<service>
  otherwise            PostgreSQL, from the environment: <SERVICE>_DATABASE_URL (AGREEMENTS_DATABASE_URL,
                       CATALOG_DATABASE_URL, ORDERING_DATABASE_URL, APPROVALS_DATABASE_URL, INVOICING_DATABASE_URL,
                       DELIVERY_DATABASE_URL); for one service DATABASE_URL (as the service's own process reads it)
                       when <SERVICE>_DATABASE_URL is not set. EVENT_STORE=kurrentdb is not supported.

Options:
  --service <name|all>  ${READ_MODELS.map((r) => r.service).join(', ')}, or all (one after another; each atomic)
  --batch-size <n>      events per read (default 1000)
  --force               rebuild even when other sessions are connected to the database, or a PGlite
                        directory looks open (a postmaster.pid a crashed process left behind)
  -h, --help            this text

Progress goes to stderr, one result line per service to stdout; the exit code is 0 when every rebuild succeeded.`;

export interface CliIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
}

/** Refused before anything was changed: exit code 1. */
class Refused extends Error {}

/** `npm run rebuild`: returns the exit code (0 ok, 1 a rebuild failed, 2 bad usage). */
export const runRebuildCli = async (argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> => {
  let plan: { readonly services: readonly ServiceReadModels[]; readonly targets: ReadonlyMap<string, DatabaseTarget>; readonly batchSize: number; readonly force: boolean };
  try {
    const parsed = parse(argv);
    if (parsed === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    plan = { ...parsed, targets: databaseTargets(parsed.services.map((r) => r.service), parsed.dataDir, env) };
    if (!plan.force) refuseOpenDataDirs(plan.targets);
  } catch (error: unknown) {
    if (error instanceof Refused) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\nnpm run rebuild -- --help: how to use it\n`);
    return 2;
  }
  const bar = new ProgressBar(io.stderr);
  const done: RebuildReport[] = [];
  for (const readModels of plan.services) {
    try {
      const report = await rebuild(readModels, plan.targets.get(readModels.service)!, {
        batchSize: plan.batchSize, allowOtherSessions: plan.force, onProgress: (p) => bar.update(p.replayed, p.total, p.service),
      });
      bar.finish();
      done.push(report);
      io.stdout.write(`${summary(report)}\n`);
    } catch (error: unknown) {
      bar.finish();
      const rest = plan.services.slice(plan.services.indexOf(readModels) + 1).map((r) => r.service);
      io.stderr.write(`${readModels.service}: rebuild failed, its read model is unchanged: ${error instanceof Error ? error.message : String(error)}\n`);
      if (rest.length > 0) io.stderr.write(`not rebuilt: ${rest.join(', ')}${done.length > 0 ? `; rebuilt: ${done.map((r) => r.service).join(', ')}` : ''}\n`);
      return 1;
    }
  }
  return 0;
};

export const summary = (r: RebuildReport): string =>
  `${r.service}: replayed ${r.events} events into ${r.projections.length} projection${r.projections.length === 1 ? '' : 's'} ` +
  `(${r.projections.join(', ')}; tables ${r.tables.join(', ')}) in ${(r.durationMs / 1000).toFixed(1)} s`;

const parse = (argv: readonly string[]): 'help' | { services: readonly ServiceReadModels[]; dataDir: string | null; batchSize: number; force: boolean } => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        service: { type: 'string' }, 'data-dir': { type: 'string' }, 'batch-size': { type: 'string' },
        force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true, allowPositionals: false,
    }));
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (!values.service) throw new UsageError('--service is required');
  const services = values.service === 'all' ? READ_MODELS : READ_MODELS.filter((r) => r.service === values.service);
  if (services.length === 0) throw new UsageError(`unknown service "${values.service}"`);
  const batchSize = Number(values['batch-size'] ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch-size must be a positive whole number');
  return { services, dataDir: values['data-dir'] ?? null, batchSize, force: values.force };
};

/** PGlite keeps postmaster.pid in its data directory while a process has it open (it removes it on close). */
const refuseOpenDataDirs = (targets: ReadonlyMap<string, DatabaseTarget>): void => {
  const open = [...targets.values()].flatMap((t) => (t.kind === 'pglite' && existsSync(join(t.dir, 'postmaster.pid')) ? [t.dir] : []));
  if (open.length > 0) {
    throw new Refused(`in use by a running process (postmaster.pid): ${open.join(', ')}; stop the embedded run first (after a crash, --force)`);
  }
};

const rebuild = async (readModels: ServiceReadModels, target: DatabaseTarget, options: RebuildOptions): Promise<RebuildReport> => {
  const database = await connectTo(target);
  try {
    // One connection: the rebuild is one transaction, and PGlite serves one session anyway.
    const dataSource = await openReadModels(database.url, readModels.entities, { poolSize: 1 });
    try {
      return await rebuildReadModels(dataSource, readModels, options);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.close();
  }
};
