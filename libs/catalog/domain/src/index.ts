export * from './product/product.decider.js';
export * from './pricing/price-resolution.js';
