export { AgreementsModule, type AgreementsModuleOptions } from './agreements.module.js';
export { BootstrapAdmin } from './application/accounts.handler.js';
