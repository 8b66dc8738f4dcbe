export * from './agreement-activated.js';
export * from './company-registered.js';
export * from './user-account-changed.js';
