import type { ServiceReadModels } from '@b2b/nest';
import { catalogProductsProjection } from './catalog-products.projection.js';
import { CATALOG_ENTITIES } from './catalog.entities.js';

/** The catalog's tables and its projection; company agreements and their prices are fed by agreements' events. */
export const catalogReadModels: ServiceReadModels = {
  service: 'catalog',
  entities: CATALOG_ENTITIES,
  projections: [catalogProductsProjection],
};
