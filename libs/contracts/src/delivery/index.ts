export * from './delivery-events.js';
