import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AgreementActivated, supersedesActivation, type AgreementActivatedV1 } from '@b2b/contracts';
import { Inbox, ServiceRuntime } from '@b2b/nest';
import { AgreementPriceEntity, CompanyAgreementEntity } from '../infrastructure/read-models/catalog.entities.js';

/** agreements.AgreementActivated → the company's agreement in force: contract prices, category
 *  discounts and assortment. Idempotent (inbox by
 *  event id) and tolerant of order: an activation older than the version already known changes nothing,
 *  and prices for SKUs not yet listed are kept until the product arrives. */
@Injectable()
export class AgreementActivatedReaction implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
  ) {
    this.inbox = new Inbox(dataSource, 'catalog.agreements');
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('agreements', {
      contracts: [AgreementActivated],
      handle: async (message) => {
        await this.inbox.once(message.envelope.eventId, (manager) => this.apply(manager, message.payload as AgreementActivatedV1));
      },
    });
  }

  private async apply(manager: EntityManager, event: AgreementActivatedV1): Promise<void> {
    const known = await manager.findOne(CompanyAgreementEntity, { where: { companyId: event.companyId }, lock: { mode: 'pessimistic_write' } });
    if (!supersedesActivation(known, event)) return;
    await manager.upsert(
      CompanyAgreementEntity,
      {
        companyId: event.companyId, agreementId: event.agreementId, version: event.version, currency: event.currency,
        validFrom: new Date(event.validFrom), validTo: new Date(event.validTo), activatedAt: new Date(event.activatedAt),
        categoryDiscounts: Object.fromEntries((event.categoryDiscounts ?? []).map((d) => [d.category, d.percent])),
        assortmentSkus: event.assortment?.skus ?? [], assortmentCategories: event.assortment?.categories ?? [],
      },
      ['companyId'],
    );
    await manager.delete(AgreementPriceEntity, { companyId: event.companyId });
    if (event.prices.length > 0) {
      await manager.insert(
        AgreementPriceEntity,
        event.prices.map((p) => ({
          companyId: event.companyId, sku: p.sku, agreementId: event.agreementId, agreementVersion: event.version,
          unitPrice: p.unitPrice, tiers: p.tiers, currency: event.currency,
        })),
      );
    }
  }
}
