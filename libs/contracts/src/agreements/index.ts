export * from './agreement-activated.js';
export * from './company-registered.js';
