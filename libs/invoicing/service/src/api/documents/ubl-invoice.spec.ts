import { describe, expect, it } from '@jest/globals';
import { draftInvoice, type IssuedInvoice } from '@b2b/invoicing-domain';
import { checkUblInvoice } from '../../testing/ubl-check.js';
import { findAll, parseXml, textOf } from '../../testing/xml-reader.js';
import { renderUblInvoice } from './ubl-invoice.js';
import { escapeXml } from './xml.js';

const supplier = { name: 'Bolts & Nuts <GmbH>', address: 'Industriestraße 1', countryCode: 'DE', vatId: 'DE123456789', endpoint: 'invoices@supplier.example' };
const order = (orderId: string, poNumber?: string) => ({
  orderId, companyId: 'acacacac-0000-4000-8000-000000000001', agreementId: 'a9a9a9a9-0000-4000-8000-000000000001', agreementVersion: 1, currency: 'EUR',
  lines: [{ sku: 'BOLT-M8', quantity: 1000, unitPrice: '0.4250' }, { sku: 'BOOK-1', quantity: 10, unitPrice: '12.99' }], approvedAt: '2026-03-01T00:00:00.000Z',
  ...(poNumber ? { poNumber } : {}),
});
const receipt = (id: string, deliveryId: string, lines: { sku: string; received: number; damaged: number }[]) => ({ receiptId: id, deliveryId, period: '2026-03', receivedAt: '2026-03-05T00:00:00.000Z', lines, invoiceId: null });
const draft = draftInvoice({
  invoiceId: '11111111-0000-4000-8000-000000000001', issueDate: '2026-04-01', netDays: 14, period: '2026-03',
  buyer: { companyId: 'acacacac-0000-4000-8000-000000000001', name: 'ACME "Tools" & Co', address: 'Hafenstraße 1' },
  orders: [
    { order: order('0d0d0d0d-0000-4000-8000-000000000001', 'PO-<1>'), receipts: [receipt('r1', 'de110000-0000-4000-8000-000000000001', [{ sku: 'BOLT-M8', received: 333, damaged: 3 }, { sku: 'BOOK-1', received: 3, damaged: 0 }])], allReceipts: [] },
    { order: order('0d0d0d0d-0000-4000-8000-000000000002'), receipts: [receipt('r2', 'de110000-0000-4000-8000-000000000002', [{ sku: 'BOLT-M8', received: 7, damaged: 0 }])], allReceipts: [] },
  ],
  products: { 'BOLT-M8': { name: 'Bolt M8', category: 'fasteners', unit: 'piece' }, 'BOOK-1': { name: 'Manual', category: 'books', unit: 'box' } },
  vatRateOf: (c) => (c === 'books' ? '7' : '19'),
});
const { mismatches: _m, ...document } = draft;
const invoice: IssuedInvoice = { ...document, number: 'INV-2026-000042' };

describe('the UBL invoice', () => {
  const xml = renderUblInvoice(invoice, supplier);

  it('is well-formed Peppol BIS 3.0 with consistent sums', () => {
    const root = checkUblInvoice(xml);
    expect(textOf(root, 'cbc:ID')).toBe('INV-2026-000042');
    expect(textOf(root, 'cbc:DueDate')).toBe('2026-04-15');
    expect(textOf(root, 'cbc:BuyerReference')).toBe('PO-<1>');
    expect(textOf(root, 'cac:InvoicePeriod/cbc:StartDate')).toBe('2026-03-01');
    expect(textOf(root, 'cac:InvoicePeriod/cbc:EndDate')).toBe('2026-03-31');
    expect(textOf(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name')).toBe('Bolts & Nuts <GmbH>');
    expect(textOf(root, 'cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name')).toBe('ACME "Tools" & Co');
    const lines = findAll(root, 'cac:InvoiceLine');
    expect(lines.map((l) => [textOf(l, 'cac:Item/cac:SellersItemIdentification/cbc:ID'), textOf(l, 'cbc:InvoicedQuantity'), textOf(l, 'cbc:LineExtensionAmount')])).toEqual([
      ['BOLT-M8', '330', '140.25'], ['BOOK-1', '3', '38.97'], ['BOLT-M8', '7', '2.98'],
    ]);
    expect(textOf(lines[2]!, 'cac:OrderLineReference/cac:OrderReference/cbc:ID')).toBe('0d0d0d0d-0000-4000-8000-000000000002');
    expect(textOf(lines[2]!, 'cac:DespatchLineReference/cac:DocumentReference/cbc:ID')).toBe('de110000-0000-4000-8000-000000000002');
    expect(findAll(root, 'cac:TaxTotal/cac:TaxSubtotal').map((s) => [textOf(s, 'cac:TaxCategory/cbc:Percent'), textOf(s, 'cbc:TaxAmount')])).toEqual([['19', '27.22'], ['7', '2.73']]); // sums of line VAT (26.65 + 0.57), within BR-CO-17's rounding tolerance of 143.23 × 19 %
  });

  it('escapes what it writes', () => {
    expect(escapeXml(`<a href="x">&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(xml).toContain('<cbc:Name>Bolts &amp; Nuts &lt;GmbH&gt;</cbc:Name>');
  });

  it('is checked by a reader that refuses malformed XML', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a></a><b/>')).toThrow();
    expect(() => parseXml('<a>')).toThrow();
  });
});
