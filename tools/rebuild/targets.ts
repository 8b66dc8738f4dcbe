import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startPgliteServer } from '@b2b/event-store-postgres';

/** The six services, in the order `--service all` goes through them. */
export const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'] as const;

/** A wrong command line: exit code 2 with the message. */
export class UsageError extends Error {}

/** Where a service's database is: a PGlite directory of the embedded run, or a PostgreSQL server. */
export type DatabaseTarget = { readonly kind: 'pglite'; readonly dir: string } | { readonly kind: 'postgres'; readonly url: string };

/** Resolves every service's database before touching any, so a missing one fails the whole run up
 *  front: `<dataDir>/<service>` for the embedded run, else `<SERVICE>_DATABASE_URL` (or DATABASE_URL when
 *  there is one service, as the service's own process reads it). The PostgreSQL event store only. */
export const databaseTargets = (services: readonly string[], dataDir: string | null, env: NodeJS.ProcessEnv): Map<string, DatabaseTarget> => {
  const targets = new Map<string, DatabaseTarget>();
  const missing: string[] = [];
  for (const service of services) {
    if (dataDir !== null) {
      const dir = join(resolve(dataDir), service);
      if (!existsSync(dir)) missing.push(`${dir} (no PGlite database of ${service})`);
      targets.set(service, { kind: 'pglite', dir });
      continue;
    }
    const variable = `${service.toUpperCase()}_DATABASE_URL`;
    const url = env[variable] ?? (services.length === 1 ? env['DATABASE_URL'] : undefined);
    if (url) targets.set(service, { kind: 'postgres', url });
    else missing.push(services.length === 1 ? `${variable} or DATABASE_URL` : variable);
  }
  if (missing.length > 0) throw new UsageError(`missing: ${missing.join(', ')}`);
  if (dataDir === null && env['EVENT_STORE'] === 'kurrentdb') throw new UsageError('EVENT_STORE=kurrentdb: this command reads the PostgreSQL event store only');
  return targets;
};

/** A connection string for the target: the PostgreSQL URL, or a PGlite socket server on the data
 *  directory (one connection: these tools work in one session), closed by `close`. */
export const connectTo = async (target: DatabaseTarget): Promise<{ url: string; close(): Promise<void> }> => {
  if (target.kind === 'postgres') return { url: target.url, close: async () => {} };
  const server = await startPgliteServer(target.dir, 1);
  return { url: server.connectionString, close: () => server.close() };
};
