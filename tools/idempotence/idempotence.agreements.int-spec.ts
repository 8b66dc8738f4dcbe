import { idempotenceSuite } from './suite.js';

idempotenceSuite('agreements', 'postgres');
