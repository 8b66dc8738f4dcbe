export * from './product-listed.js';
export * from './product-changed.js';
