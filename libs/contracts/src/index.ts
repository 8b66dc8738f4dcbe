export * from './define-event.js';
export * from './registry.js';
export * from './validate.js';
export * from './shared/actor-ref.js';
export * from './agreements/index.js';
export * from './catalog/index.js';
export * from './envelope.js';
