import { describe, it } from '@jest/globals';
import { Conflict, RuleViolated, deciderSpec } from '@b2b/kernel';
import { invoiceDecider, type InvoiceCommand, type InvoiceEvent, type IssuedInvoice } from './invoice.decider.js';
import { INVOICE, ORDER, T0, draft, fiona, fionaRef, receipt } from './invoicing.builders.js';

const given = deciderSpec(invoiceDecider);
const at = T0.toISOString();
const clean = draft([receipt([{ sku: 'BOLT-M8', received: 100, damaged: 0 }, { sku: 'DRILL-10', received: 2, damaged: 0 }])]);
const { mismatches: _m, ...document } = clean;
const invoice: IssuedInvoice = { ...document, number: 'INV-2026-000001' };
const issuedEvent: InvoiceEvent = { type: 'InvoiceIssued', data: { invoice, by: null, at } };
const issue = (d = clean): InvoiceCommand => ({ type: 'IssueInvoice', data: { draft: d, number: 'INV-2026-000001', by: null }, meta: { by: fiona, now: T0 } });
const pay = (amount: string, paymentId = 'p1'): InvoiceCommand => ({ type: 'RecordPayment', data: { paymentId, amount, paidAt: '2026-04-10', by: fionaRef }, meta: { by: fiona, now: T0 } });
const paid = (amount: string, paymentId = 'p1'): InvoiceEvent => ({ type: 'InvoicePaymentRecorded', data: { invoiceId: INVOICE, payment: { paymentId, amount, paidAt: '2026-04-10' }, by: fionaRef, at } });
const credit = (quantity: number, sku = 'BOLT-M8'): InvoiceCommand => ({
  type: 'IssueCreditNote', data: { creditNoteId: 'cn1', number: 'CN-2026-000001', issueDate: '2026-04-01', lines: [{ sku, quantity, reason: 'returned' }], by: fionaRef }, meta: { by: fiona, now: T0 },
});

describe('an invoice', () => {
  it('is issued with its number when the three-way match holds', () => given([]).when(issue()).then([issuedEvent]));

  it('is blocked with the reason, and numbered never, when the match fails', () => {
    const over = draft([receipt([{ sku: 'BOLT-M8', received: 101, damaged: 0 }])]);
    const { mismatches, ...blocked } = over;
    given([]).when(issue(over)).then([{ type: 'InvoiceBlocked', data: { invoice: blocked, reasons: [...mismatches], by: null, at } }]);
  });

  it('is issued once', () => given([issuedEvent]).when(issue()).thenThrows(Conflict, 'INVOICE.EXISTS'));

  it('records full and partial payments, and refuses paying more than is open', () => {
    // total: 100 × 0.4250 = 42.50 + 2 × 89.90 = 179.80 → 222.30 net, 42.24 VAT, 264.54 gross
    given([issuedEvent]).when(pay('100')).then([paid('100.00')]);
    given([issuedEvent, paid('100.00')]).when(pay('164.54', 'p2')).then([paid('164.54', 'p2')]);
    given([issuedEvent, paid('100.00')]).when(pay('164.55', 'p2')).thenThrows(RuleViolated, 'PAYMENT.EXCEEDS_OPEN_AMOUNT');
    given([issuedEvent, paid('264.54')]).when(pay('1', 'p2')).thenThrows(RuleViolated, 'INVOICE.ALREADY_PAID');
  });

  it('issues a credit note for returned goods at the invoiced price and VAT, up to the invoiced quantity', () => {
    given([issuedEvent]).when(credit(10)).then([{
      type: 'CreditNoteIssued',
      data: {
        invoiceId: INVOICE,
        creditNote: {
          creditNoteId: 'cn1', number: 'CN-2026-000001', invoiceId: INVOICE, invoiceNumber: 'INV-2026-000001', issueDate: '2026-04-01',
          lines: [{ invoiceLineNo: 1, orderId: ORDER, sku: 'BOLT-M8', quantity: 10, unitPrice: '0.4250', lineTotal: '4.25', vatRate: '19', vat: '0.81', reason: 'returned' }],
          netTotal: '4.25', vatTotal: '0.81', total: '5.06',
        },
        by: fionaRef, at,
      },
    }]);
    given([issuedEvent]).when(credit(101)).thenThrows(RuleViolated, 'CREDIT_NOTE.EXCEEDS_INVOICED');
    given([issuedEvent]).when(credit(1, 'NUT-M8')).thenThrows(RuleViolated, 'CREDIT_NOTE.SKU_NOT_INVOICED');
  });

  it('has nothing to pay or credit while blocked', () => {
    const over = draft([receipt([{ sku: 'BOLT-M8', received: 101, damaged: 0 }])]);
    const { mismatches, ...blocked } = over;
    const blockedEvent: InvoiceEvent = { type: 'InvoiceBlocked', data: { invoice: blocked, reasons: [...mismatches], by: null, at } };
    given([blockedEvent]).when(pay('1')).thenThrows(RuleViolated, 'INVOICE.BLOCKED');
    given([blockedEvent]).when(credit(1)).thenThrows(RuleViolated, 'INVOICE.BLOCKED');
  });
});
