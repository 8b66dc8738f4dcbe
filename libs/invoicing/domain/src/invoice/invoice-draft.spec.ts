import { describe, expect, it } from '@jest/globals';
import { DELIVERY, ORDER, draft, order, receipt } from './invoicing.builders.js';

describe('an invoice draft', () => {
  it('invoices received minus damaged at the order’s unit price; damaged goods never appear', () => {
    const d = draft([receipt([{ sku: 'BOLT-M8', received: 100, damaged: 7 }, { sku: 'DRILL-10', received: 2, damaged: 2 }])]);
    expect(d.lines).toEqual([
      {
        lineNo: 1, orderId: ORDER, orderLineNo: 1, deliveryId: DELIVERY, sku: 'BOLT-M8', name: 'Bolt M8', category: 'fasteners', unit: 'piece',
        quantity: 93, unitPrice: '0.4250', lineTotal: '39.53', vatRate: '19', vat: '7.51',
      },
    ]);
    expect(d).toMatchObject({ netTotal: '39.53', vatTotal: '7.51', total: '47.04', mismatches: [], dueDate: '2026-05-01', buyerReference: 'PO-4711' });
  });

  it('computes VAT per line at its category’s rate and sums per rate, exactly', () => {
    const d = draft(
      [receipt([{ sku: 'DRILL-10', received: 1, damaged: 0 }, { sku: 'BOOK-1', received: 3, damaged: 0 }])],
      { orderFacts: order({ lines: [{ sku: 'DRILL-10', quantity: 1, unitPrice: '0.10' }, { sku: 'BOOK-1', quantity: 3, unitPrice: '0.10' }] }) },
    );
    expect(d.lines.map((l) => [l.sku, l.lineTotal, l.vatRate, l.vat])).toEqual([['DRILL-10', '0.10', '19', '0.02'], ['BOOK-1', '0.30', '7', '0.02']]);
    expect(d.vatBreakdown).toEqual([{ rate: '19', taxable: '0.10', vat: '0.02' }, { rate: '7', taxable: '0.30', vat: '0.02' }]);
    expect(d).toMatchObject({ netTotal: '0.40', vatTotal: '0.04', total: '0.44' });
  });

  it('finds a three-way mismatch when more was received than ordered, or a SKU nobody ordered', () => {
    expect(draft([receipt([{ sku: 'BOLT-M8', received: 120, damaged: 0 }])]).mismatches).toEqual([`order ${ORDER} BOLT-M8: ordered 100, received 120, invoiced 120`]);
    expect(draft([receipt([{ sku: 'NUT-M8', received: 1, damaged: 0 }])]).mismatches).toEqual([`order ${ORDER} NUT-M8: ordered 0, received 1, invoiced 1`]);
  });

  it('counts earlier receipts of the order in the match', () => {
    const earlier = receipt([{ sku: 'BOLT-M8', received: 60, damaged: 0 }], { receiptId: 'r1', invoiceId: 'older-invoice' });
    const now = receipt([{ sku: 'BOLT-M8', received: 50, damaged: 0 }], { receiptId: 'r2' });
    expect(draft([now], { allReceipts: [earlier, now] }).mismatches).toEqual([`order ${ORDER} BOLT-M8: ordered 100, received 110, invoiced 110`]);
  });

  it('uses the cost center, then the order id, when there is no PO number', () => {
    const r = [receipt([{ sku: 'BOLT-M8', received: 1, damaged: 0 }])];
    expect(draft(r, { orderFacts: order({ poNumber: undefined, costCenter: 'CC-7' }) }).buyerReference).toBe('CC-7');
    expect(draft(r, { orderFacts: order({ poNumber: undefined }) }).buyerReference).toBe(ORDER);
  });
});
