export * from './postgres-event-store.js';
export * from './postgres-checkpoint-store.js';
export { schemaSql } from './schema.js';
export * from './pglite-server.js';
export { guardPoolClients } from './pool-guard.js';
