import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AgreementActivated, CompanyRegistered, ProductChanged, ProductListed, type AgreementActivatedV1, type CompanyRegisteredV1, type ProductChangedV1, type ProductListedV1,
} from '@b2b/contracts';
import { Inbox, ServiceRuntime } from '@b2b/nest';
import { AgreementTermsEntity, InvoicingCompanyEntity, InvoicingProductEntity } from '../../infrastructure/read-models/invoicing.entities.js';
import { AccrualHandler } from '../accrual.handler.js';

/** Reference data from agreements and the catalog, copied idempotently (inbox) and order-free (an
 *  older product change than the one kept changes nothing). Terms are kept per agreement version, as
 *  an order names the version it was placed under. New terms release per-order invoices that waited
 *  for them; that happens after the inbox transaction, never inside it (PGlite has one connection). */
@Injectable()
export class UpstreamReaction implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly accruals: AccrualHandler,
  ) {
    this.inbox = new Inbox(dataSource, 'invoicing.upstream');
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('agreements', {
      contracts: [AgreementActivated, CompanyRegistered],
      handle: async ({ envelope, payload }) => {
        if (envelope.type === CompanyRegistered.type) {
          await this.inbox.once(envelope.eventId, (manager) => this.company(manager, payload as CompanyRegisteredV1));
          return;
        }
        const agreement = payload as AgreementActivatedV1;
        await this.inbox.once(envelope.eventId, (manager) => this.terms(manager, agreement));
        await this.accruals.invoiceWaitingOrders(agreement.agreementId, agreement.version, envelope);
      },
    });
    await this.runtime.subscribe('catalog', {
      contracts: [ProductListed, ProductChanged],
      handle: async ({ envelope, payload }) => {
        await this.inbox.once(envelope.eventId, (manager) =>
          envelope.type === ProductListed.type ? this.product(manager, payload as ProductListedV1, (payload as ProductListedV1).listedAt) : this.product(manager, payload as ProductChangedV1, (payload as ProductChangedV1).changedAt));
      },
    });
  }

  private async terms(manager: EntityManager, e: AgreementActivatedV1): Promise<void> {
    await manager.upsert(AgreementTermsEntity, {
      agreementId: e.agreementId, version: e.version, companyId: e.companyId, currency: e.currency, netDays: e.paymentTerms.netDays, invoicing: e.paymentTerms.invoicing,
    }, ['agreementId', 'version']);
  }

  private async company(manager: EntityManager, e: CompanyRegisteredV1): Promise<void> {
    await manager.upsert(InvoicingCompanyEntity, { companyId: e.companyId, kind: e.kind, name: e.name, address: e.locations[0]?.address ?? '' }, ['companyId']);
  }

  private async product(manager: EntityManager, e: ProductListedV1 | ProductChangedV1, at: string): Promise<void> {
    const known = await manager.findOneBy(InvoicingProductEntity, { sku: e.sku });
    if (known && known.changedAt.getTime() > Date.parse(at)) return;
    await manager.upsert(InvoicingProductEntity, { sku: e.sku, name: e.name, category: e.category, unit: e.unit ?? 'piece', changedAt: new Date(at) }, ['sku']);
  }
}
