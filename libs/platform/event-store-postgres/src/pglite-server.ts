import { mkdirSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteServer {
  /** A libpq connection string for `pg` and TypeORM (unix socket). */
  readonly connectionString: string;
  readonly dataDir: string | null;
  close(): Promise<void>;
}

/** PostgreSQL in-process (PGlite, WebAssembly), served on a unix socket so `pg` and TypeORM connect to
 *  it as to any server. `dataDir` null keeps everything in memory. PGlite is one backend session:
 *  the socket server multiplexes connections and holds the others back while one is in a
 *  transaction, so never wait on a second connection from inside a transaction. */
export const startPgliteServer = async (dataDir: string | null, maxConnections = 8): Promise<PgliteServer> => {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // pg_trgm is loaded so read models can index for similarity search (the catalog does).
  const db = await PGlite.create(dataDir ?? undefined, { extensions: { pg_trgm } });
  // A short socket directory: unix socket paths are limited to ~107 bytes.
  const socketDir = mkdtempSync(join(tmpdir(), 'pgl-'));
  const server = new PGLiteSocketServer({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections });
  await server.start();
  return {
    connectionString: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`,
    dataDir,
    close: async () => {
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
};
