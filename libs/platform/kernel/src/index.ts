export * from './actor.js';
export * from './clock.js';
export * from './decider.js';
export * from './decider-spec.js';
export * from './errors.js';
export * from './ids.js';
export * from './money.js';
export * from './pricing.js';
