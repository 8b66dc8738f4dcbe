export * from './api-client.js';
export * from './agreement-slice.scenario.js';
export * from './accounts.scenario.js';
export * from './catalog.scenario.js';
export * from './ordering.scenario.js';
export * from './approvals.scenario.js';
export * from './fulfilment.scenario.js';
export * from './journey.scenario.js';
