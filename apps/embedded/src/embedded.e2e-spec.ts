import { afterAll, beforeAll } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { accountsScenario, agreementSliceScenario, approvalsScenario, catalogScenario, fulfilmentScenario, journeyScenario, orderingScenario, signInScenario } from '@b2b/e2e';
import { waitForHealth } from '@b2b/e2e';
import type { EmbeddedConfig } from './embedded.config.js';
import { startEmbedded, type EmbeddedRun, type ServiceName } from './embedded.js';

let run: EmbeddedRun;
const config: EmbeddedConfig = {
  EMBEDDED_DATA_DIR: 'memory', PORT: 0, HOST: '127.0.0.1',
  BOOTSTRAP_ADMIN_EMAIL: 'admin@supplier.example', BOOTSTRAP_ADMIN_PASSWORD: 'change-me-now',
  JWT_SECRET: `e2e-secret-${'s3cr3t'.repeat(6)}`,
};

/** Records every log line of the run (printing nothing), so the sign-in scenario can look for secrets in them. */
const lines: string[] = [];
const record = (level: string) => (message: unknown, ...rest: unknown[]): void => void lines.push([level, message, ...rest].map((p) => (typeof p === 'string' ? p : JSON.stringify(p) ?? String(p))).join(' '));
const recorder: LoggerService = { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug'), verbose: record('verbose'), fatal: record('fatal') };

beforeAll(async () => {
  run = await startEmbedded(config, { logger: recorder, docsUi: false });
  await waitForHealth(run.url);
});
afterAll(async () => {
  await run?.close();
});

const target = () => ({ baseUrl: run.url, adminEmail: config.BOOTSTRAP_ADMIN_EMAIL, adminPassword: config.BOOTSTRAP_ADMIN_PASSWORD, databaseUrl: (service: string) => run.databaseUrl(service as ServiceName) });
agreementSliceScenario('embedded (one process, PGlite, in-process bus)', target);
accountsScenario('embedded (one process, PGlite, in-process bus)', target);
catalogScenario('embedded (one process, PGlite, in-process bus)', target);
orderingScenario('embedded (one process, PGlite, in-process bus)', target);
approvalsScenario('embedded (one process, PGlite, in-process bus)', target);
fulfilmentScenario('embedded (one process, PGlite, in-process bus)', target);
journeyScenario('embedded (one process, PGlite, in-process bus)', target);
signInScenario('embedded (one process, PGlite, in-process bus)', () => ({ ...target(), logs: () => lines, secrets: [config.JWT_SECRET!] }));
