import { badInputCorpusSpec, badInputScenario } from '@b2b/e2e';
import { EMBEDDED, embeddedForSpec } from './testing/embedded-for-spec.js';

// The bad-input corpus on its own embedded run, so that no other scenario writes while it counts events.
badInputCorpusSpec();
badInputScenario(EMBEDDED, embeddedForSpec().target);
