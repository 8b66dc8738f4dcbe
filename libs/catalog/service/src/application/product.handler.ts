import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator, type Actor } from '@b2b/kernel';
import { EventStore, handleCommand } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import { productDecider, productStream, type ProductDetails } from '@b2b/catalog-domain';
import { translateProductEvents } from './product.translator.js';

@Injectable()
export class ProductHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
  ) {}

  async list(actor: Actor, details: ProductDetails): Promise<ProductDetails> {
    const correlationId = this.ids.next();
    await handleCommand(this.store, productStream(details.sku), productDecider, { type: 'ListProduct', data: details, meta: { by: actor, now: this.clock.now() } }, {
      eventId: () => this.ids.next(),
      meta: { correlationId, causationId: null, actor: { userId: actor.userId, companyId: actor.companyId, role: 'supplier-admin' }, companyId: actor.companyId },
      translate: (events) => translateProductEvents(events, correlationId),
    });
    this.runtime.afterAppend();
    return details;
  }
}
