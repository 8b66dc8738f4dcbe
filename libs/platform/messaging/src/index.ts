export * from './message-bus.js';
export * from './in-process-bus.js';
export * from './outbox-relay.js';
