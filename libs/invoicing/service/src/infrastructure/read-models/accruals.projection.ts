import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { OrderAccrualEvent, PeriodCloseEvent, VatRatesEvent } from '@b2b/invoicing-domain';
import { InvoicingOrderEntity, InvoicingPeriodEntity, InvoicingReceiptEntity, VatRateEntity } from './invoicing.entities.js';

/** invoicing_orders, invoicing_receipts (what is still to invoice), closed periods and VAT rates. */
export const accrualsProjection: Projection = {
  name: 'invoicing-accruals',
  owns: [InvoicingOrderEntity, InvoicingReceiptEntity, InvoicingPeriodEntity, VatRateEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<OrderAccrualEvent | PeriodCloseEvent | VatRatesEvent>;
    switch (event.type) {
      case 'ApprovedOrderRecorded': {
        const { orderId, companyId, agreementId, agreementVersion } = event.data.order;
        await manager.query(
          `insert into invoicing_orders (order_id, company_id, agreement_id, agreement_version, fully_received) values ($1, $2, $3, $4, false)
           on conflict (order_id) do update set agreement_id = excluded.agreement_id, agreement_version = excluded.agreement_version`,
          [orderId, companyId, agreementId, agreementVersion],
        );
        return;
      }
      case 'GoodsReceiptAccrued': {
        const { orderId, companyId, receiptId, period, receivedAt, orderFullyReceived } = event.data;
        await manager.query(
          `insert into invoicing_orders (order_id, company_id, fully_received) values ($1, $2, $3)
           on conflict (order_id) do update set fully_received = invoicing_orders.fully_received or excluded.fully_received`,
          [orderId, companyId, orderFullyReceived],
        );
        // events arrive in commit order: a close already projected here committed before this receipt
        const late = await manager.existsBy(InvoicingPeriodEntity, { period });
        await manager.upsert(InvoicingReceiptEntity, { receiptId, orderId, companyId, period, receivedAt: new Date(receivedAt), invoiceId: null, late }, ['receiptId']);
        return;
      }
      case 'ReceiptsInvoiced':
        for (const receiptId of event.data.receiptIds) await manager.update(InvoicingReceiptEntity, { receiptId }, { invoiceId: event.data.invoiceId });
        return;
      case 'InvoicingPeriodClosed':
        await manager.upsert(InvoicingPeriodEntity, { period: event.data.period, closedAt: new Date(event.data.at), closedBy: event.data.by }, ['period']);
        return;
      case 'VatRateSet':
        await manager.upsert(VatRateEntity, { category: event.data.category, rate: event.data.rate, changedAt: new Date(event.data.at) }, ['category']);
        return;
      default:
        return;
    }
  },
};
