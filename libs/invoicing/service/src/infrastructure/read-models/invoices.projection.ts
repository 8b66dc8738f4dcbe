import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import { creditedTotal, paidTotal, paymentStatus, type Invoice, type InvoiceEvent } from '@b2b/invoicing-domain';
import { InvoiceEntity } from './invoicing.entities.js';

const issuedState = (row: InvoiceEntity): Extract<Invoice, { status: 'issued' }> => ({
  status: 'issued', invoice: { ...row.document, number: row.number ?? '' }, payments: row.payments, creditNotes: row.creditNotes,
});

/** invoicing_invoices from the invoice streams; payment status and totals as the decider computes them. */
export const invoicesProjection: Projection = {
  name: 'invoicing-invoices',
  owns: [InvoiceEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<InvoiceEvent>;
    switch (event.type) {
      case 'InvoiceIssued':
      case 'InvoiceBlocked': {
        const { invoice } = event.data;
        const blocked = event.type === 'InvoiceBlocked';
        await manager.upsert(InvoiceEntity, {
          invoiceId: invoice.invoiceId, number: blocked ? null : event.data.invoice.number, companyId: invoice.companyId, agreementId: invoice.agreementId,
          period: invoice.period ?? null, issueDate: invoice.issueDate, dueDate: invoice.dueDate, currency: invoice.currency,
          netTotal: invoice.netTotal, vatTotal: invoice.vatTotal, total: invoice.total, paidTotal: '0.00', creditedTotal: '0.00',
          status: blocked ? 'blocked' : 'issued', blockedReasons: blocked ? event.data.reasons : [], document: invoice, payments: [], creditNotes: [],
          recordedAt: new Date(event.data.at),
        }, ['invoiceId']);
        return;
      }
      case 'InvoicePaymentRecorded':
      case 'CreditNoteIssued': {
        const row = await manager.findOneBy(InvoiceEntity, { invoiceId: event.data.invoiceId });
        if (!row) return;
        const state = issuedState(row);
        const next = event.type === 'InvoicePaymentRecorded'
          ? { ...state, payments: [...state.payments, event.data.payment] }
          : { ...state, creditNotes: [...state.creditNotes, event.data.creditNote] };
        await manager.update(InvoiceEntity, { invoiceId: row.invoiceId }, {
          payments: [...next.payments], creditNotes: [...next.creditNotes], status: paymentStatus(next),
          paidTotal: paidTotal(next), creditedTotal: creditedTotal(next),
        });
        return;
      }
      default:
        return;
    }
  },
};
