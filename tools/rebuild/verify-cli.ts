import { parseArgs } from 'node:util';
import { PostgresEventStore } from '@b2b/event-store-postgres';
import { verifyLog, verifyStream, type BrokenLink, type EventStore, type LogVerification, type StreamVerification } from '@b2b/event-store';
import { isUuid } from '@b2b/kernel';
import { orderStream, readTrailStreams } from '@b2b/ordering-service';
import { ProgressBar } from './progress-bar.js';
import { SERVICES, UsageError, connectTo, databaseTargets, type DatabaseTarget } from './targets.js';

export const VERIFY_USAGE = `Usage: npm run verify -- --service <name|all> [--data-dir <dir>] [--order <orderId>]

Checks that the stored events of a service were not altered: recomputes every event's hash from its
content and the hash before it in its stream, and the service chain of seals over the global order;
reports the first broken link (stream, version, event, what was expected and what is stored).
With --order it also checks the streams the order's decision trail is read from (ordering).

Only reads. It can run beside the running services on PostgreSQL; a PGlite data directory (the
embedded run) may be opened by one process only, so stop the embedded run first.

Where the databases are:
  --data-dir <dir>     the embedded run's EMBEDDED_DATA_DIR: a PGlite database per service in <dir>/<service>
  otherwise            PostgreSQL: <SERVICE>_DATABASE_URL (e.g. ORDERING_DATABASE_URL), or DATABASE_URL for one service

Options:
  --service <name|all>  ${SERVICES.join(', ')}, or all
  --order <orderId>     also verify this order's trail streams (implies --service ordering when --service is not given)
  -h, --help            this text

Exit code: 0 all intact, 1 a broken link (or a failure), 2 bad usage.`;

export interface VerifyIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

export const describeBroken = (b: BrokenLink): string =>
  `first broken link: ${b.problem} at ${b.stream} version ${b.version} (${b.eventType}, event ${b.eventId}, recorded ${b.recordedAt}); expected ${b.expected}, stored ${b.found || '(nothing)'}`;

export const describeLog = (service: string, r: LogVerification): string => {
  const counts = `${r.events} events in ${r.streams} streams, ${r.sealed} sealed${r.unsealed > 0 ? `, ${r.unsealed} not sealed yet` : ''}`;
  return r.ok ? `${service}: intact — ${counts}; service chain head ${r.head ?? '(empty)'}` : `${service}: BROKEN — ${counts} read; ${describeBroken(r.firstBroken!)}`;
};

const describeStream = (r: StreamVerification): string =>
  r.ok ? `  ${r.stream}: intact — ${r.events} events; head ${r.head ?? '(empty)'}` : `  ${r.stream}: BROKEN — ${describeBroken(r.firstBroken!)}`;

/** `npm run verify`: returns the exit code. */
export const runVerifyCli = async (argv: readonly string[], env: NodeJS.ProcessEnv, io: VerifyIo): Promise<number> => {
  let plan: { services: readonly string[]; targets: ReadonlyMap<string, DatabaseTarget>; order: string | null };
  try {
    const { values } = (() => {
      try {
        return parseArgs({ args: [...argv], options: { service: { type: 'string' }, 'data-dir': { type: 'string' }, order: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, strict: true, allowPositionals: false });
      } catch (error: unknown) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
    })();
    if (values.help) {
      io.stdout.write(`${VERIFY_USAGE}\n`);
      return 0;
    }
    const order = values.order ?? null;
    if (order !== null && !isUuid(order)) throw new UsageError(`--order must be an order id (a UUID), got "${order}"`);
    const service = values.service ?? (order !== null ? 'ordering' : undefined);
    if (!service) throw new UsageError('--service is required');
    const services = service === 'all' ? SERVICES : SERVICES.filter((s) => s === service);
    if (services.length === 0) throw new UsageError(`unknown service "${service}"`);
    if (order !== null && !services.includes('ordering')) throw new UsageError('--order needs the ordering service (--service ordering or all)');
    plan = { services, targets: databaseTargets(services, values['data-dir'] ?? null, env), order };
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\nnpm run verify -- --help: how to use it\n`);
    return 2;
  }

  const bar = new ProgressBar(io.stderr);
  let intact = true;
  for (const service of plan.services) {
    try {
      await withStore(plan.targets.get(service)!, async (store) => {
        const { rows: [count] } = await store.connectionPool.query<{ events: string }>('select count(*) as events from es_events');
        const total = Number(count?.events ?? 0);
        const log = await verifyLog(store, { onProgress: (read) => bar.update(read, total, service) });
        bar.finish();
        io.stdout.write(`${describeLog(service, log)}\n`);
        intact &&= log.ok;
        if (service === 'ordering' && plan.order !== null) {
          const trail = await verifyTrail(store, plan.order);
          if (trail === null) {
            io.stdout.write(`  order ${plan.order}: not in this store\n`);
            intact = false;
          } else {
            trail.forEach((r) => io.stdout.write(`${describeStream(r)}\n`));
            intact &&= trail.every((r) => r.ok);
          }
        }
      });
    } catch (error: unknown) {
      bar.finish();
      io.stderr.write(`${service}: could not be verified: ${error instanceof Error ? error.message : String(error)}\n`);
      intact = false;
    }
  }
  return intact ? 0 : 1;
};

/** The streams an order's trail is read from (the company is the one the order was drafted for). */
const verifyTrail = async (store: EventStore, orderId: string): Promise<StreamVerification[] | null> => {
  const own = await store.read(orderStream(orderId));
  const drafted = own.events[0]?.data as { companyId?: string } | undefined;
  if (!drafted?.companyId) return null;
  return (await readTrailStreams(store, orderId, drafted.companyId)).map(({ stream, events }) => verifyStream(stream, events));
};

const withStore = async (target: DatabaseTarget, use: (store: PostgresEventStore) => Promise<void>): Promise<void> => {
  const database = await connectTo(target);
  try {
    const store = await PostgresEventStore.open({ connectionString: database.url, poolSize: 1, preparedStatements: false, readOnly: true });
    try {
      await use(store);
    } finally {
      await store.close();
    }
  } finally {
    await database.close();
  }
};
