export * from './agreement-activated.js';
