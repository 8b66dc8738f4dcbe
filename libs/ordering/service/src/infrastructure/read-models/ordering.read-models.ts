import type { ServiceReadModels } from '@b2b/nest';
import { ORDERING_ENTITIES } from './ordering.entities.js';
import { orderListsProjection, ordersProjection, quoteRequestsProjection } from './orders.projection.js';

/** Ordering's tables and its projections; agreements, products and locations are fed by other services' events. */
export const orderingReadModels: ServiceReadModels = {
  service: 'ordering',
  entities: ORDERING_ENTITIES,
  projections: [ordersProjection, quoteRequestsProjection, orderListsProjection],
};
