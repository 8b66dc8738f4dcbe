import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, IdGenerator } from '@b2b/kernel';
import { EventStore, handleCommand, type EventMetadata } from '@b2b/event-store';
import type { Envelope, GoodsReceivedV1, OrderApprovedV1 } from '@b2b/contracts';
import { ServiceRuntime } from '@b2b/nest';
import {
  nextPeriod, orderAccrualDecider, orderAccrualStream, periodCloseDecider, periodCloseStream, periodOf, perOrderInvoiceDue, type OrderAccrualCommand,
} from '@b2b/invoicing-domain';
import { InvoicingOrderEntity } from '../infrastructure/read-models/invoicing.entities.js';
import { InvoiceIssuer, systemActor } from './invoice-issuer.js';
import { ReferenceData } from './reference-data.js';

/** Accrues what was received against approved orders, and issues the invoice of a per-order agreement
 *  when its order is fully received. A receipt that overtakes its OrderApproved is parked on the
 *  order's accrual stream (not retried: the in-process bus would hold every later message) and is
 *  invoiced when the approval arrives; so is one whose agreement terms are not known yet. */
@Injectable()
export class AccrualHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly dataSource: DataSource,
    private readonly issuer: InvoiceIssuer,
    private readonly reference: ReferenceData,
  ) {}

  async recordApprovedOrder(order: OrderApprovedV1, cause: Envelope): Promise<void> {
    const facts = {
      orderId: order.orderId, companyId: order.companyId, agreementId: order.agreementId, agreementVersion: order.agreementVersion, currency: order.currency,
      lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })), approvedAt: order.approvedAt,
      ...(order.poNumber !== undefined ? { poNumber: order.poNumber } : {}), ...(order.costCenter !== undefined ? { costCenter: order.costCenter } : {}),
    };
    await this.run({ type: 'RecordApprovedOrder', data: { order: facts }, meta: { by: systemActor(order.companyId), now: this.clock.now() } }, this.causedBy(cause, order.companyId));
    await this.invoiceOrderIfDue(order.orderId, cause);
  }

  async accrueReceipt(receipt: GoodsReceivedV1, cause: Envelope): Promise<void> {
    const command: OrderAccrualCommand = {
      type: 'AccrueGoodsReceipt',
      data: {
        orderId: receipt.orderId, companyId: receipt.companyId, receiptId: receipt.receiptId, deliveryId: receipt.deliveryId, period: await this.openPeriodFor(receipt.receivedAt),
        receivedAt: receipt.receivedAt, lines: receipt.lines.map((l) => ({ sku: l.sku, received: l.quantityReceived, damaged: l.quantityDamaged })), orderFullyReceived: receipt.orderFullyReceived,
      },
      meta: { by: systemActor(receipt.companyId), now: this.clock.now() },
    };
    await this.run(command, this.causedBy(cause, receipt.companyId));
    await this.invoiceOrderIfDue(receipt.orderId, cause);
  }

  /** Per-order agreements: the invoice once the order is fully received (nothing when monthly or not yet due). */
  async invoiceOrderIfDue(orderId: string, cause: Pick<Envelope, 'correlationId' | 'eventId'>): Promise<void> {
    const { state } = await this.issuer.load(orderAccrualStream(orderId), orderAccrualDecider);
    if (!perOrderInvoiceDue(state) || state.status !== 'accruing' || !state.order) return;
    const terms = await this.reference.terms(state.order.agreementId, state.order.agreementVersion);
    if (terms?.invoicing !== 'per-order') return;
    await this.issuer.issue({ orderIds: [orderId], by: null, correlationId: cause.correlationId, causationId: cause.eventId });
  }

  /** An agreement's terms arrived: its fully received orders that waited for them are invoiced now. */
  async invoiceWaitingOrders(agreementId: string, version: number, cause: Envelope): Promise<void> {
    await this.runtime.projected();
    const orders = await this.dataSource.getRepository(InvoicingOrderEntity).findBy({ agreementId, agreementVersion: version, fullyReceived: true });
    for (const order of orders) await this.invoiceOrderIfDue(order.orderId, cause);
  }

  /** The month of receivedAt, or the first later month not closed yet: a late receipt goes to the next period. */
  private async openPeriodFor(receivedAt: string): Promise<string> {
    let period = periodOf(receivedAt);
    while ((await this.issuer.load(periodCloseStream(period), periodCloseDecider)).state.status === 'closed') period = nextPeriod(period);
    return period;
  }

  private causedBy(cause: Envelope, companyId: string): EventMetadata {
    return { correlationId: cause.correlationId, causationId: cause.eventId, actor: null, companyId };
  }

  private async run(command: OrderAccrualCommand, meta: EventMetadata): Promise<void> {
    const result = await handleCommand(this.store, orderAccrualStream('order' in command.data ? command.data.order.orderId : command.data.orderId), orderAccrualDecider, command, { eventId: () => this.ids.next(), meta });
    if (result.events.length > 0) this.runtime.afterAppend();
  }
}
