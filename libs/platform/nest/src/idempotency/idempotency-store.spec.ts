import { idempotencyStoreContract } from '../testing/idempotency-store.contract.js';
import { InMemoryIdempotencyStore } from './idempotency-store.js';

idempotencyStoreContract('in-memory', () => Promise.resolve(new InMemoryIdempotencyStore()));
