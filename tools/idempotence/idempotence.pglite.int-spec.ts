import { SERVICES } from './harness.js';
import { idempotenceSuite } from './suite.js';

/** The same specs on PGlite (the embedded run's database: one connection for everything). */
for (const service of SERVICES) idempotenceSuite(service, 'pglite');
