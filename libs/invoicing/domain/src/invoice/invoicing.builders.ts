import type { ActorRef, Actor } from '@b2b/kernel';
import type { AccruedReceipt, OrderFacts } from '../order-accrual/order-accrual.decider.js';
import { draftInvoice, type DraftInput, type InvoiceDraft } from './invoice-draft.js';

export const T0 = new Date('2026-04-01T08:00:00.000Z');
export const ACME = 'acacacac-0000-4000-8000-000000000001';
export const AGREEMENT = 'a9a9a9a9-0000-4000-8000-000000000001';
export const ORDER = '0d0d0d0d-0000-4000-8000-000000000001';
export const DELIVERY = 'de11de11-0000-4000-8000-000000000001';
export const INVOICE = '11111111-0000-4000-8000-000000000001';
export const fiona: Actor = { userId: 'f1f1f1f1-0000-4000-8000-000000000001', companyId: 'supp0000-0000-4000-8000-000000000001', roles: ['supplier-finance'] };
export const fionaRef: ActorRef = { userId: fiona.userId, companyId: fiona.companyId, role: 'supplier-finance' };

export const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  orderId: ORDER, companyId: ACME, agreementId: AGREEMENT, agreementVersion: 1, currency: 'EUR',
  lines: [{ sku: 'BOLT-M8', quantity: 100, unitPrice: '0.4250' }, { sku: 'DRILL-10', quantity: 2, unitPrice: '89.90' }],
  poNumber: 'PO-4711', approvedAt: '2026-03-02T10:00:00.000Z', ...over,
});

export const receipt = (lines: AccruedReceipt['lines'], over: Partial<AccruedReceipt> = {}): AccruedReceipt => ({
  receiptId: 'ec0000000-000-4000-8000-000000000001', deliveryId: DELIVERY, period: '2026-03', receivedAt: '2026-03-10T09:00:00.000Z', lines, invoiceId: null, ...over,
});

export const PRODUCTS = {
  'BOLT-M8': { name: 'Bolt M8', category: 'fasteners', unit: 'piece' },
  'DRILL-10': { name: 'Drill 10 mm', category: 'tools', unit: 'piece' },
  'BOOK-1': { name: 'Manual', category: 'books', unit: 'piece' },
};
const RATES: Record<string, string> = { books: '7' };

export const draft = (receipts: AccruedReceipt[], over: Partial<DraftInput> & { orderFacts?: OrderFacts; allReceipts?: AccruedReceipt[] } = {}): InvoiceDraft =>
  draftInvoice({
    invoiceId: INVOICE, issueDate: '2026-04-01', netDays: 30, period: '2026-03',
    buyer: { companyId: ACME, name: 'ACME GmbH', address: 'Hafenstraße 1, Hamburg' },
    orders: [{ order: over.orderFacts ?? order(), receipts, allReceipts: over.allReceipts ?? receipts }],
    products: PRODUCTS, vatRateOf: (category) => RATES[category] ?? '19', ...over,
  });
