export * from './api-client.js';
export * from './agreement-slice.scenario.js';
