export * from './product-listed.js';
