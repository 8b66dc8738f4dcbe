export { AgreementsModule, type AgreementsModuleOptions } from './agreements.module.js';
export { BootstrapAdmin } from './application/accounts.handler.js';
export { agreementsReadModels } from './infrastructure/read-models/agreements.read-models.js';
