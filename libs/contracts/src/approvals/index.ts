export * from './approval-events.js';
