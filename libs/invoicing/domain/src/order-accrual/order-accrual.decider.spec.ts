import { describe, expect, it } from '@jest/globals';
import { Conflict, deciderSpec, fold } from '@b2b/kernel';
import { ACME, DELIVERY, ORDER, T0, fiona, order } from '../invoice/invoicing.builders.js';
import { orderAccrualDecider, perOrderInvoiceDue, uninvoicedReceipts, type OrderAccrualCommand, type OrderAccrualEvent } from './order-accrual.decider.js';

const given = deciderSpec(orderAccrualDecider);
const at = T0.toISOString();
const meta = { by: fiona, now: T0 };
const receiptData = (receiptId: string, orderFullyReceived = false) => ({
  orderId: ORDER, companyId: ACME, receiptId, deliveryId: DELIVERY, period: '2026-03', receivedAt: '2026-03-10T09:00:00.000Z',
  lines: [{ sku: 'BOLT-M8', received: 100, damaged: 3 }], orderFullyReceived,
});
const recordOrder: OrderAccrualCommand = { type: 'RecordApprovedOrder', data: { order: order() }, meta };
const orderRecorded: OrderAccrualEvent = { type: 'ApprovedOrderRecorded', data: { order: order(), at } };
const accrue = (id: string, full = false): OrderAccrualCommand => ({ type: 'AccrueGoodsReceipt', data: receiptData(id, full), meta });
const accrued = (id: string, full = false): OrderAccrualEvent => ({ type: 'GoodsReceiptAccrued', data: { ...receiptData(id, full), at } });
const invoiced = (ids: string[], invoiceId = 'inv-1'): OrderAccrualEvent => ({ type: 'ReceiptsInvoiced', data: { orderId: ORDER, invoiceId, receiptIds: ids, at } });
const markInvoiced = (ids: string[], invoiceId = 'inv-2'): OrderAccrualCommand => ({ type: 'MarkReceiptsInvoiced', data: { orderId: ORDER, invoiceId, receiptIds: ids }, meta });

describe('an order’s accrual', () => {
  it('records the approved order once', () => {
    given([]).when(recordOrder).then([orderRecorded]);
    given([orderRecorded]).when(recordOrder).then([]);
  });

  it('accrues each goods receipt once (redelivery changes nothing)', () => {
    given([orderRecorded]).when(accrue('r1')).then([accrued('r1')]);
    given([orderRecorded, accrued('r1')]).when(accrue('r1')).then([]);
  });

  it('parks a receipt that arrives before its order, and invoices it once the order is known', () => {
    given([]).when(accrue('r1', true)).then([accrued('r1', true)]);
    expect(perOrderInvoiceDue(fold(orderAccrualDecider, [accrued('r1', true)]))).toBe(false);
    expect(perOrderInvoiceDue(fold(orderAccrualDecider, [accrued('r1', true), orderRecorded]))).toBe(true);
  });

  it('is due for a per-order invoice only when the order is fully received', () => {
    expect(perOrderInvoiceDue(fold(orderAccrualDecider, [orderRecorded, accrued('r1')]))).toBe(false);
    expect(perOrderInvoiceDue(fold(orderAccrualDecider, [orderRecorded, accrued('r1'), accrued('r2', true)]))).toBe(true);
    expect(perOrderInvoiceDue(fold(orderAccrualDecider, [orderRecorded, accrued('r1'), accrued('r2', true), invoiced(['r1', 'r2'])]))).toBe(false);
  });

  it('puts a receipt on one invoice only: a second claim conflicts (a concurrent close retries)', () => {
    given([orderRecorded, accrued('r1'), accrued('r2')]).when(markInvoiced(['r1'])).then([invoiced(['r1'], 'inv-2')]);
    given([orderRecorded, accrued('r1'), invoiced(['r1'])]).when(markInvoiced(['r1'])).thenThrows(Conflict, 'ACCRUAL.ALREADY_INVOICED');
    given([orderRecorded]).when(markInvoiced(['r9'])).thenThrows(Conflict, 'ACCRUAL.UNKNOWN_RECEIPT');
    expect(uninvoicedReceipts(fold(orderAccrualDecider, [orderRecorded, accrued('r1'), accrued('r2'), invoiced(['r1'])])).map((r) => r.receiptId)).toEqual(['r2']);
  });
});
