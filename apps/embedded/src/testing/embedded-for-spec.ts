import { afterAll, beforeAll } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { waitForHealth } from '@b2b/e2e';
import type { EmbeddedConfig } from '../embedded.config.js';
import { startEmbedded, type EmbeddedRun, type ServiceName } from '../embedded.js';

export const EMBEDDED = 'embedded (one process, PGlite, in-process bus)';

export interface EmbeddedForSpec {
  readonly config: EmbeddedConfig;
  /** The run, once beforeAll has booted it. */
  run(): EmbeddedRun;
  /** What the scenarios of @b2b/e2e take: the API, the bootstrap admin and each service's database. */
  target(): { baseUrl: string; adminEmail: string; adminPassword: string; databaseUrl: (service: string) => string };
}

/** An in-memory embedded run of the spec file's own (booted in beforeAll, closed in afterAll), so its
 *  scenarios meet no other file's data. */
export const embeddedForSpec = (options: { readonly logger?: LoggerService; readonly jwtSecret?: string } = {}): EmbeddedForSpec => {
  const config: EmbeddedConfig = {
    EMBEDDED_DATA_DIR: 'memory', PORT: 0, HOST: '127.0.0.1',
    BOOTSTRAP_ADMIN_EMAIL: 'admin@supplier.example', BOOTSTRAP_ADMIN_PASSWORD: 'change-me-now',
    ...(options.jwtSecret ? { JWT_SECRET: options.jwtSecret } : {}),
  };
  let run: EmbeddedRun | undefined;
  beforeAll(async () => {
    run = await startEmbedded(config, { logger: options.logger ?? false, docsUi: false });
    await waitForHealth(run.url);
  });
  afterAll(async () => {
    await run?.close();
  });
  const booted = (): EmbeddedRun => {
    if (!run) throw new Error('the embedded run is not booted (beforeAll failed?)');
    return run;
  };
  return {
    config,
    run: booted,
    target: () => ({
      baseUrl: booted().url, adminEmail: config.BOOTSTRAP_ADMIN_EMAIL, adminPassword: config.BOOTSTRAP_ADMIN_PASSWORD,
      databaseUrl: (service: string) => booted().databaseUrl(service as ServiceName),
    }),
  };
};
