import type { ServiceReadModels } from '@b2b/nest';
import { accrualsProjection } from './accruals.projection.js';
import { invoicesProjection } from './invoices.projection.js';
import { INVOICING_ENTITIES } from './invoicing.entities.js';

/** Invoicing's tables and its projections; agreement terms, companies and products are fed by other
 *  services' events. */
export const invoicingReadModels: ServiceReadModels = {
  service: 'invoicing',
  entities: INVOICING_ENTITIES,
  projections: [accrualsProjection, invoicesProjection],
};
