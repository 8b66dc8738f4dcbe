export * from './agreement/agreement-terms.js';
export * from './agreement/agreement.decider.js';
export * from './accounts/company.decider.js';
export * from './accounts/user-account.decider.js';
export * from './accounts/sign-in-throttle.js';
