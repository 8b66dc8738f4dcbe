import { idempotenceSuite } from './suite.js';

idempotenceSuite('delivery', 'postgres');
