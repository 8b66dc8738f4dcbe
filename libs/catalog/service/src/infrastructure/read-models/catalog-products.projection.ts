import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { ProductEvent } from '@b2b/catalog-domain';
import { CatalogProductEntity, typeNumberKey } from './catalog.entities.js';

/** catalog_products from the service's own ProductListed events. */
export const catalogProductsProjection: Projection = {
  name: 'catalog-products',
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    if (event.type !== 'ProductListed') return;
    const { by: _by, at: _at, ...p } = (event as RecordedEvent<ProductEvent>).data;
    await manager.upsert(CatalogProductEntity, { ...p, typeNumberKey: typeNumberKey(p.typeNumber), active: true }, ['sku']);
  },
};
