import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import { withDocuments, type ProductDetails, type ProductEvent } from '@b2b/catalog-domain';
import { CatalogProductEntity, searchKey } from './catalog.entities.js';

const row = (details: ProductDetails): Omit<CatalogProductEntity, 'active'> => ({
  ...details,
  documents: [...details.documents],
  skuKey: searchKey(details.sku),
  typeNumberKey: searchKey(details.typeNumber),
  searchText: `${details.sku} ${details.typeNumber} ${details.name} ${details.description}`.toLowerCase(),
});

/** catalog_products from the service's own product events. */
export const catalogProductsProjection: Projection = {
  name: 'catalog-products',
  owns: [CatalogProductEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<ProductEvent>;
    switch (event.type) {
      case 'ProductListed': {
        const { by: _by, at: _at, ...details } = event.data;
        await manager.upsert(CatalogProductEntity, { ...row(withDocuments(details)), active: true }, ['sku']);
        return;
      }
      case 'ProductRevised': {
        const { by: _by, at: _at, ...details } = event.data;
        await manager.update(CatalogProductEntity, { sku: details.sku }, row(withDocuments(details)));
        return;
      }
      case 'ProductDeactivated':
      case 'ProductReactivated':
        await manager.update(CatalogProductEntity, { sku: event.data.sku }, { active: event.type === 'ProductReactivated' });
        return;
      default:
        return;
    }
  },
};
