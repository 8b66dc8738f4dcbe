export * from './promised-date/promised-date.js';
export * from './order-deliveries/order-deliveries.events.js';
export * from './order-deliveries/order-deliveries.decider.js';
export * from './otif/otif.js';
