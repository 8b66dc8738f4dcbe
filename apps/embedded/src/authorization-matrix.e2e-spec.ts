import { afterAll, beforeAll } from '@jest/globals';
import { authorizationMatrixScenario, waitForHealth } from '@b2b/e2e';
import type { EmbeddedConfig } from './embedded.config.js';
import { startEmbedded, type EmbeddedRun, type ServiceName } from './embedded.js';

/** The authorization matrix on its own embedded run (in memory), so its writes meet no other scenario's data. */
let run: EmbeddedRun;
const config: EmbeddedConfig = {
  EMBEDDED_DATA_DIR: 'memory', PORT: 0, HOST: '127.0.0.1',
  BOOTSTRAP_ADMIN_EMAIL: 'admin@supplier.example', BOOTSTRAP_ADMIN_PASSWORD: 'change-me-now',
};

beforeAll(async () => {
  run = await startEmbedded(config, { logger: false, docsUi: false });
  await waitForHealth(run.url);
});
afterAll(async () => {
  await run?.close();
});
authorizationMatrixScenario('embedded (one process, PGlite, in-process bus)', () => ({
  baseUrl: run.url, adminEmail: config.BOOTSTRAP_ADMIN_EMAIL, adminPassword: config.BOOTSTRAP_ADMIN_PASSWORD,
  databaseUrl: (service: string) => run.databaseUrl(service as ServiceName),
}));
