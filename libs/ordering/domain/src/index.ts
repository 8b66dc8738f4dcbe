export * from './order/order.decider.js';
export * from './budget/budget.decider.js';
export * from './quick-order/quick-order.js';
export * from './quote/quote.decider.js';
export * from './order-list/order-list.decider.js';
