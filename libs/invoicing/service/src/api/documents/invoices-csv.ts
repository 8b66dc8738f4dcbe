import type { InvoiceEntity } from '../../infrastructure/read-models/invoicing.entities.js';

const HEADER = ['invoiceNumber', 'invoiceId', 'companyId', 'period', 'issueDate', 'dueDate', 'currency', 'lineNo', 'orderId', 'deliveryId', 'sku', 'category', 'quantity', 'unitPrice', 'lineTotal', 'vatRate', 'vat'];

const cell = (value: string | number): string => {
  const text = String(value);
  // quoted when needed (RFC 4180); a leading = + - @ is prefixed so spreadsheets do not run it as a formula
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One row per invoice line, for accounting (RFC 4180, CRLF). */
export const renderInvoicesCsv = (invoices: readonly InvoiceEntity[]): string =>
  [HEADER, ...invoices.flatMap((i) => i.document.lines.map((l) => [
    i.number ?? '', i.invoiceId, i.companyId, i.period ?? '', i.issueDate, i.dueDate, i.currency, l.lineNo, l.orderId, l.deliveryId, l.sku, l.category, l.quantity, l.unitPrice, l.lineTotal, l.vatRate, l.vat,
  ]))].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
