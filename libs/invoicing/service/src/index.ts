export { InvoicingModule } from './invoicing.module.js';
