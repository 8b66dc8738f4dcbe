import { idempotenceSuite } from './suite.js';

idempotenceSuite('ordering', 'postgres');
