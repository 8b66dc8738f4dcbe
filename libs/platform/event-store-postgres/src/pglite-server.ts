import { mkdirSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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
  const db = await PGlite.create(dataDir ?? undefined);
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
