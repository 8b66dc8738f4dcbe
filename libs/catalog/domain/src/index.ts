export * from './product/product.decider.js';
