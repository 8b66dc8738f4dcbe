export { InvoicingModule, type InvoicingModuleOptions } from './invoicing.module.js';
export { InvoicingConfig, InvoicingSettings, type SupplierDetails } from './invoicing.config.js';
export { invoicingReadModels } from './infrastructure/read-models/invoicing.read-models.js';
