export * from './idempotency-store.js';
export * from './postgres-idempotency-store.js';
export * from './idempotency-key.js';
export * from './write-tracking.js';
export * from './idempotency.interceptor.js';
