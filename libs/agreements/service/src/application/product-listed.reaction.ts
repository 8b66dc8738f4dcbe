import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProductListed, type ProductListedV1 } from '@b2b/contracts';
import { Inbox, ServiceRuntime } from '@b2b/nest';
import { KnownProductEntity } from '../infrastructure/read-models/agreements.entities.js';

/** catalog.ProductListed → the SKUs agreements may name. Idempotent (inbox) and order-free (an upsert). */
@Injectable()
export class ProductListedReaction implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
  ) {
    this.inbox = new Inbox(dataSource, 'agreements.products');
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('products', {
      contracts: [ProductListed],
      handle: async (message) => {
        const product = message.payload as ProductListedV1;
        await this.inbox.once(message.envelope.eventId, (manager) => manager.upsert(KnownProductEntity, { sku: product.sku, category: product.category }, ['sku']).then(() => undefined));
      },
    });
  }
}
