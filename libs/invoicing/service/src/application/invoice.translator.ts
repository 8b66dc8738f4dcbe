import { InvoiceIssued, envelopeOf, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import type { InvoiceEvent } from '@b2b/invoicing-domain';

/** Domain events → integration events: an issued invoice leaves the service as invoicing.InvoiceIssued;
 *  blocked invoices, payments and credit notes stay inside. */
export const translateInvoiceEvents = (
  events: readonly NewEvent<InvoiceEvent>[],
  context: { readonly correlationId: string; readonly causationId: string | null },
): Envelope[] =>
  events.flatMap((event) => {
    if (event.type !== 'InvoiceIssued') return [];
    const { invoice, by, at } = (event as NewEvent<Extract<InvoiceEvent, { type: 'InvoiceIssued' }>>).data;
    const payload = {
      invoiceId: invoice.invoiceId, number: invoice.number, companyId: invoice.companyId, agreementId: invoice.agreementId, orderIds: [...invoice.orderIds],
      ...(invoice.period !== undefined ? { period: invoice.period } : {}), total: invoice.total, currency: invoice.currency,
      issueDate: invoice.issueDate, dueDate: invoice.dueDate, issuedAt: at,
    };
    return [envelopeOf(InvoiceIssued, payload, { eventId: event.id, ...context, actor: by, occurredAt: at })];
  });
