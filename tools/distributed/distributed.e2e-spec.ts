import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import { testDatabaseUrl } from '@b2b/testing';
import { startDistributed, type DistributedRun } from './launch.js';
import { accountsScenario, agreementSliceScenario, approvalsScenario, catalogScenario, fulfilmentScenario, idempotencyScenario, journeyScenario, orderingScenario, signInScenario } from '@b2b/e2e';

let run: DistributedRun;
const lines: string[] = [];
const jwtSecret = `e2e-secret-${randomUUID()}`;

beforeAll(async () => {
  run = await startDistributed({
    port: 0,
    databaseUrl: testDatabaseUrl(),
    databasePrefix: `e2e_${randomUUID().replace(/-/g, '').slice(0, 8)}`,
    dropDatabases: true,
    ...(process.env['KAFKA_BROKERS'] ? { kafkaBrokers: process.env['KAFKA_BROKERS'] } : {}),
    env: { JWT_SECRET: jwtSecret },
    log: (line) => void lines.push(line),
  }).catch((error: unknown) => {
    console.error(lines.slice(-60).join('\n'));
    throw error;
  });
});
afterAll(async () => {
  await run?.stop();
});
const target = () => ({ baseUrl: run.url, adminEmail: 'admin@supplier.example', adminPassword: 'change-me-now', databaseUrl: (service: string) => run.databaseUrl(service) });
agreementSliceScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
accountsScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
catalogScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
orderingScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
approvalsScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
fulfilmentScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
journeyScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
idempotencyScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', target);
signInScenario('distributed (six service processes + gateway, PostgreSQL, Kafka)', () => ({ ...target(), logs: () => lines, secrets: [jwtSecret] }));
