import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { dockerEngineAnswers } from './docker.js';

export const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface PostgresEnvironment {
  readonly kind: 'env' | 'testcontainers' | 'local';
  readonly url: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; else a testcontainers PostgreSQL where a Docker engine answers; else the
 *  machine's own server (127.0.0.1:5432, database test). Fails with a clear message if it cannot connect. */
export const providePostgres = async (): Promise<PostgresEnvironment> => {
  let env: PostgresEnvironment;
  if (process.env['DATABASE_URL']) {
    env = { kind: 'env', url: process.env['DATABASE_URL'], stop: async () => {} };
  } else if (await dockerEngineAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    env = { kind: 'testcontainers', url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
  } else {
    env = { kind: 'local', url: LOCAL_DATABASE_URL, stop: async () => {} };
  }
  const client = new pg.Client({ connectionString: env.url });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error: unknown) {
    throw new Error(`cannot reach PostgreSQL at ${env.url} (${env.kind}): ${String(error)}. Start it (see README) or set DATABASE_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return env;
};

/** The database the current test run uses (set by the global setup). */
export const testDatabaseUrl = (): string => process.env['DATABASE_URL'] ?? LOCAL_DATABASE_URL;

/** A fresh schema name for one test file, so files can run in parallel on one database. */
export const uniqueSchema = (prefix = 't'): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** Creates a fresh database on the test server and returns its URL (for apps that own a whole database). */
export const createTestDatabase = async (prefix = 'test'): Promise<{ url: string; drop(): Promise<void> }> => {
  const name = uniqueSchema(prefix);
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: testDatabaseUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
};
