import { idempotenceSuite } from './suite.js';

idempotenceSuite('invoicing', 'postgres');
