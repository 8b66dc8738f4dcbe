import { ProductListed, envelopeOf, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import type { ProductEvent } from '@b2b/catalog-domain';

/** Domain events → integration events: a listed product is announced (agreements check SKUs against it). */
export const translateProductEvents = (events: readonly NewEvent<ProductEvent>[], correlationId: string): Envelope[] =>
  events.map((event) => {
    const { sku, category, name, listPrice, currency, by, at } = event.data;
    return envelopeOf(ProductListed, { sku, category, name, listPrice, currency, companyId: by.companyId, listedAt: at }, {
      eventId: event.id, correlationId, causationId: null, actor: by, occurredAt: at,
    });
  });
