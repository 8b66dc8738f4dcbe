import type { ServiceReadModels } from '@b2b/nest';
import { deliveriesProjection } from './deliveries.projection.js';
import { DELIVERY_ENTITIES } from './delivery.entities.js';

/** Delivery's tables and its projection; agreement terms and locations are fed by agreements' events. */
export const deliveryReadModels: ServiceReadModels = {
  service: 'delivery',
  entities: DELIVERY_ENTITIES,
  projections: [deliveriesProjection],
};
