export * from './invoicing-events.js';
