export * from './messaging.contract.js';
export * from './test-contracts.js';
export * from './wait-for.js';
