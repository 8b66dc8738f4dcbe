import { idempotenceSuite } from './suite.js';

idempotenceSuite('catalog', 'postgres');
