import { SERVICES } from './harness.js';
import { idempotenceSuite } from './suite.js';

/** The same specs on PGlite (the embedded run's database: one connection for everything). All of them
 *  take about 15 minutes there, so by default PGlite runs the concurrent redelivery only (where one
 *  connection behaves most differently from a server); IDEMPOTENCE_PGLITE=full runs every case. */
const full = process.env['IDEMPOTENCE_PGLITE'] === 'full';
for (const service of SERVICES) {
  idempotenceSuite(service, 'pglite', full ? {} : { redeliveries: [{ kind: 'concurrent', times: 2 }], crashes: false });
}
