import type { SupplierDetails } from '../../invoicing.config.js';
import type { InvoiceView } from '../../application/invoice.query.js';
import { escapeXml as escape } from './xml.js';

/** The invoice as a printable HTML page for people. */
export const renderInvoiceHtml = (invoice: InvoiceView, buyer: { name: string; address: string }, supplier: SupplierDetails): string => {
  const money = (value: string): string => `${escape(value)} ${escape(invoice.currency)}`;
  const rows = invoice.lines.map((l, i) =>
    `<tr><td>${i + 1}</td><td>${escape(l.orderId)}</td><td>${escape(l.sku)}</td><td>${escape(l.name)}</td><td class="n">${l.quantity}</td><td class="n">${money(l.unitPrice)}</td><td class="n">${money(l.lineTotal)}</td><td class="n">${escape(l.vatRate)} %</td><td class="n">${money(l.vat)}</td></tr>`).join('\n');
  const vat = invoice.vatBreakdown.map((s) => `<tr><td colspan="8">VAT ${escape(s.rate)} % on ${money(s.taxable)}</td><td class="n">${money(s.vat)}</td></tr>`).join('\n');
  const title = invoice.number ? `Invoice ${escape(invoice.number)}` : 'Invoice (blocked)';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:4px;text-align:left}.n{text-align:right}</style></head>
<body>
<h1>${title}</h1>
<p><strong>${escape(supplier.name)}</strong><br>${escape(supplier.address)}<br>VAT ID ${escape(supplier.vatId)}</p>
<p>Bill to: <strong>${escape(buyer.name)}</strong><br>${escape(buyer.address)}</p>
<p>Issue date ${escape(invoice.issueDate)} · Due date ${escape(invoice.dueDate)}${invoice.period ? ` · Period ${escape(invoice.period)}` : ''} · Your reference ${escape(invoice.buyerReference)} · Status ${escape(invoice.status)}</p>
${invoice.blockedReasons ? `<p>Blocked: ${invoice.blockedReasons.map(escape).join('; ')}</p>` : ''}
<table>
<thead><tr><th>#</th><th>Order</th><th>SKU</th><th>Item</th><th class="n">Qty</th><th class="n">Unit price</th><th class="n">Net</th><th class="n">VAT rate</th><th class="n">VAT</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
<tr><td colspan="8">Net total</td><td class="n">${money(invoice.netTotal)}</td></tr>
${vat}
<tr><td colspan="8"><strong>Total</strong></td><td class="n"><strong>${money(invoice.total)}</strong></td></tr>
<tr><td colspan="8">Paid</td><td class="n">${money(invoice.paidTotal)}</td></tr>
<tr><td colspan="8">Credited</td><td class="n">${money(invoice.creditedTotal)}</td></tr>
<tr><td colspan="8">Open</td><td class="n">${money(invoice.openAmount)}</td></tr>
</tfoot>
</table>
</body></html>
`;
};
