import { providePostgres } from './postgres-environment.js';

interface Started {
  stops: Array<() => Promise<void>>;
}
const started = globalThis as typeof globalThis & { __b2bTestInfra?: Started };

/** Jest global setup of the int and e2e projects: provides PostgreSQL and Kafka once per run and
 *  hands them to the workers through DATABASE_URL and KAFKA_BROKERS. */
export async function startTestInfra(): Promise<void> {
  if (started.__b2bTestInfra) return; // the second project of the same run reuses what the first started
  const infra: Started = { stops: [] };
  started.__b2bTestInfra = infra;
  const postgres = await providePostgres();
  process.env['DATABASE_URL'] = postgres.url;
  infra.stops.push(() => postgres.stop());
  if (process.env['B2B_TEST_KAFKA'] === 'off') {
    console.log(`\n[test infra] PostgreSQL: ${postgres.kind} ${postgres.url}; Kafka: off (B2B_TEST_KAFKA=off)`);
    return;
  }
  const { provideKafka } = await import('./kafka-environment.js');
  const { ALL_TOPICS } = await import('@b2b/contracts');
  const { TEST_TOPICS } = await import('@b2b/messaging/test-contracts');
  const kafka = await provideKafka([...ALL_TOPICS, ...TEST_TOPICS]);
  process.env['KAFKA_BROKERS'] = kafka.brokers.join(',');
  infra.stops.push(() => kafka.stop());
  console.log(`\n[test infra] PostgreSQL: ${postgres.kind} ${postgres.url}; Kafka: ${kafka.kind} ${kafka.brokers.join(',')}`);
}

export async function stopTestInfra(): Promise<void> {
  const infra = started.__b2bTestInfra;
  if (!infra) return;
  delete started.__b2bTestInfra;
  for (const stop of infra.stops.reverse()) await stop();
}
