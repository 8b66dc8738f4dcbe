import { ProductChanged, ProductListed, envelopeOf, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import type { Product, ProductEvent } from '@b2b/catalog-domain';

/** Domain events → integration events: a new product is announced (agreements check SKUs against it);
 *  any later change is announced with the product's state after it (ordering prices from it). */
export const translateProductEvents = (events: readonly NewEvent<ProductEvent>[], state: Product, correlationId: string): Envelope[] =>
  events.map((event) => {
    const { by, at } = event.data;
    const context = { eventId: event.id, correlationId, causationId: null, actor: by, occurredAt: at };
    if (event.type === 'ProductListed') {
      const { sku, category, name, unit, listPrice, currency } = event.data as Extract<ProductEvent, { type: 'ProductListed' }>['data'];
      return envelopeOf(ProductListed, { sku, category, name, unit, listPrice, currency, companyId: by.companyId, listedAt: at }, context);
    }
    if (state.status !== 'listed') throw new Error(`unreachable: ${event.type} of a product never listed`);
    const { sku, category, name, unit, listPrice, currency } = state.product;
    return envelopeOf(ProductChanged, { sku, category, name, unit, listPrice, currency, active: state.active, companyId: by.companyId, changedAt: at }, context);
  });
