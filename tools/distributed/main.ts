import { startDistributed } from './launch.js';

/** `npm run distributed`: every service its own process, against the local PostgreSQL (or DATABASE_URL)
 *  and the Kafka test broker (or KAFKA_BROKERS). Ctrl-C stops everything. */
const run = await startDistributed({
  port: Number(process.env['PORT'] ?? 3000),
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  ...(process.env['KAFKA_BROKERS'] ? { kafkaBrokers: process.env['KAFKA_BROKERS'] } : {}),
  ...(process.env['BOOTSTRAP_ADMIN_EMAIL'] ? { adminEmail: process.env['BOOTSTRAP_ADMIN_EMAIL'] } : {}),
  ...(process.env['BOOTSTRAP_ADMIN_PASSWORD'] ? { adminPassword: process.env['BOOTSTRAP_ADMIN_PASSWORD'] } : {}),
});
console.log(`[distributed] ready: ${run.url}/api (Kafka ${run.kafkaBrokers}); Ctrl-C stops all processes`);
const stop = async (): Promise<void> => {
  await run.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
