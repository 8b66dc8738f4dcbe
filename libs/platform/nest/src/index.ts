export * from './error.filter.js';
export * from './input-guard.js';
export * from './readiness.js';
export * from './read-models.js';
export * from './infrastructure.js';
export * from './service-runtime.js';
export * from './platform.module.js';
export * from './http-app.js';
