import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@b2b/nest';
import { EmbeddedConfig } from './embedded.config.js';
import { startEmbedded } from './embedded.js';

const logger = new Logger('embedded');
const config = loadConfig(EmbeddedConfig);
const run = await startEmbedded(config);
logger.log(`data: ${run.dataDir ?? 'in memory (EMBEDDED_DATA_DIR=memory): nothing is kept after exit'}`);
logger.log(`API: ${run.url}/api  (OpenAPI: ${run.url}/api/docs, health: ${run.url}/api/health)`);
if (!process.env['BOOTSTRAP_ADMIN_PASSWORD']) {
  logger.warn(`bootstrap admin: ${config.BOOTSTRAP_ADMIN_EMAIL} / ${config.BOOTSTRAP_ADMIN_PASSWORD} (the defaults: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD before the first start to choose others)`);
}
logger.log(`sign in: curl -s ${run.url}/api/auth/token -H 'content-type: application/json' -d '{"email":"${config.BOOTSTRAP_ADMIN_EMAIL}","password":"…"}'`);

const shutdown = async (signal: string): Promise<void> => {
  logger.log(`${signal}: stopping`);
  await run.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
