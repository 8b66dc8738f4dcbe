export * from './invoice/invoice-draft.js';
export * from './invoice/invoice.decider.js';
export * from './numbering/document-sequence.decider.js';
export * from './order-accrual/order-accrual.decider.js';
export * from './period-close/period.js';
export * from './period-close/period-close.decider.js';
export * from './vat-rates/vat-rates.decider.js';
