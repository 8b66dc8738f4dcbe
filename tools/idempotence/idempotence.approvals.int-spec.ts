import { idempotenceSuite } from './suite.js';

idempotenceSuite('approvals', 'postgres');
