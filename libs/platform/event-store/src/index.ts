export * from './event-store.js';
export * from './in-memory-event-store.js';
export * from './handle-command.js';
export * from './subscription.js';
export * from './checkpoint-store.js';
export * from './integrity.js';
export * from './retry-transient.js';
