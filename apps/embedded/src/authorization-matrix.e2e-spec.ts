import { authorizationMatrixScenario } from '@b2b/e2e';
import { EMBEDDED, embeddedForSpec } from './testing/embedded-for-spec.js';

/** The authorization matrix on its own embedded run (in memory), so its writes meet no other scenario's data. */
authorizationMatrixScenario(EMBEDDED, embeddedForSpec().target);
