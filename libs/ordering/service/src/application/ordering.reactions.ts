import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AgreementActivated, ApprovalRoundDecided, supersedesActivation, CompanyRegistered, DeliveryDispatched, DeliveryScheduled, GoodsReceived, InvoiceIssued, ProductChanged, ProductListed,
  type AgreementActivatedV1, type ApprovalRoundDecidedV1, type CompanyRegisteredV1, type DeliveryDispatchedV1, type DeliveryScheduledV1, type GoodsReceivedV1,
  type InvoiceIssuedV1, type ProductChangedV1, type ProductListedV1,
} from '@b2b/contracts';
import { Inbox, ServiceRuntime } from '@b2b/nest';
import { OrderingAgreementEntity, OrderingLocationEntity, OrderingProductEntity } from '../infrastructure/read-models/ordering.entities.js';
import { OrderTrail } from './order-trail.js';
import { OrderHandler } from './order.handler.js';

/** What ordering learns from other services. Read-model copies are idempotent (inbox) and order-free
 *  (an older agreement activation or product change than the one kept changes nothing); approval
 *  outcomes go through the order's decider, which ignores repeats and stale rounds. Steps of an order's
 *  trail and the agreement versions with their terms are appended to ordering's event store first
 *  (idempotent by step id), so they are hash-chained like ordering's own events. */
@Injectable()
export class OrderingReactions implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly orders: OrderHandler,
    private readonly trail: OrderTrail,
  ) {
    this.inbox = new Inbox(dataSource, 'ordering.upstream');
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('agreements', {
      contracts: [AgreementActivated, CompanyRegistered],
      handle: async ({ envelope, payload }) => {
        if (envelope.type === AgreementActivated.type) await this.trail.agreement(envelope, payload as AgreementActivatedV1);
        await this.inbox.once(envelope.eventId, (manager) =>
          envelope.type === CompanyRegistered.type ? this.company(manager, payload as CompanyRegisteredV1) : this.agreement(manager, payload as AgreementActivatedV1));
      },
    });
    await this.runtime.subscribe('catalog', {
      contracts: [ProductListed, ProductChanged],
      handle: async ({ envelope, payload }) => {
        await this.inbox.once(envelope.eventId, (manager) =>
          envelope.type === ProductListed.type ? this.listed(manager, payload as ProductListedV1) : this.changed(manager, payload as ProductChangedV1));
      },
    });
    await this.runtime.subscribe('approvals', {
      contracts: [ApprovalRoundDecided],
      handle: async ({ envelope, payload }) => {
        await this.trail.approvals(envelope, payload as ApprovalRoundDecidedV1);
        await this.orders.recordOutcome(payload as ApprovalRoundDecidedV1, envelope.eventId);
      },
    });
    await this.runtime.subscribe('delivery', {
      contracts: [DeliveryScheduled, DeliveryDispatched, GoodsReceived],
      handle: async ({ envelope, payload }) => {
        await this.trail.delivery(envelope, payload as DeliveryScheduledV1 | DeliveryDispatchedV1 | GoodsReceivedV1);
        if (envelope.type === DeliveryScheduled.type) {
          const e = payload as DeliveryScheduledV1;
          await this.orders.recordProgress(e.orderId, e.companyId, 'scheduled', e.deliveryId, e.scheduledAt);
        } else if (envelope.type === DeliveryDispatched.type) {
          const e = payload as DeliveryDispatchedV1;
          await this.orders.recordProgress(e.orderId, e.companyId, 'dispatched', e.deliveryId, e.dispatchedAt);
        } else {
          const e = payload as GoodsReceivedV1;
          await this.orders.recordProgress(e.orderId, e.companyId, e.orderFullyReceived ? 'received' : 'partially-received', e.receiptId, e.receivedAt);
        }
      },
    });
    await this.runtime.subscribe('invoicing', {
      contracts: [InvoiceIssued],
      handle: async ({ envelope, payload }) => {
        const e = payload as InvoiceIssuedV1;
        await this.trail.invoice(envelope, e);
        for (const orderId of e.orderIds) await this.orders.recordProgress(orderId, e.companyId, 'invoiced', e.invoiceId, e.issuedAt);
      },
    });
  }

  private async agreement(manager: EntityManager, event: AgreementActivatedV1): Promise<void> {
    const known = await manager.findOne(OrderingAgreementEntity, { where: { companyId: event.companyId }, lock: { mode: 'pessimistic_write' } });
    if (!supersedesActivation(known, event)) return;
    await manager.upsert(OrderingAgreementEntity, {
      companyId: event.companyId, agreementId: event.agreementId, version: event.version, currency: event.currency,
      validFrom: new Date(event.validFrom), validTo: new Date(event.validTo), activatedAt: new Date(event.activatedAt),
      prices: Object.fromEntries(event.prices.map((p) => [p.sku, { unitPrice: p.unitPrice, tiers: p.tiers.map((t) => ({ minQty: t.minQty, unitPrice: t.unitPrice })) }])),
      categoryDiscounts: Object.fromEntries((event.categoryDiscounts ?? []).map((d) => [d.category, d.percent])),
      assortment: { skus: event.assortment?.skus ?? [], categories: event.assortment?.categories ?? [] },
      approvalPolicy: event.approvalPolicy.levels.map((l) => ({ minTotal: l.minTotal, role: l.role })),
    }, ['companyId']);
  }

  private async company(manager: EntityManager, event: CompanyRegisteredV1): Promise<void> {
    if (event.locations.length === 0) return;
    await manager.upsert(OrderingLocationEntity, event.locations.map((l) => ({ id: l.id, companyId: event.companyId, name: l.name, address: l.address })), ['id']);
  }

  private async listed(manager: EntityManager, event: ProductListedV1): Promise<void> {
    const known = await manager.findOne(OrderingProductEntity, { where: { sku: event.sku } });
    if (known && known.changedAt.getTime() >= Date.parse(event.listedAt)) return;
    await manager.upsert(OrderingProductEntity, {
      sku: event.sku, name: event.name, category: event.category, unit: event.unit ?? 'piece', listPrice: event.listPrice, currency: event.currency, active: true, changedAt: new Date(event.listedAt),
    }, ['sku']);
  }

  private async changed(manager: EntityManager, event: ProductChangedV1): Promise<void> {
    const known = await manager.findOne(OrderingProductEntity, { where: { sku: event.sku } });
    if (known && known.changedAt.getTime() > Date.parse(event.changedAt)) return;
    await manager.upsert(OrderingProductEntity, {
      sku: event.sku, name: event.name, category: event.category, unit: event.unit, listPrice: event.listPrice, currency: event.currency, active: event.active, changedAt: new Date(event.changedAt),
    }, ['sku']);
  }
}
