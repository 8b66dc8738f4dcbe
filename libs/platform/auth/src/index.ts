export * from './auth.config.js';
export * from './token.service.js';
export * from './decorators.js';
export * from './access.guard.js';
export * from './tenant.js';
export * from './auth.module.js';
export * from './user-token-states.js';
