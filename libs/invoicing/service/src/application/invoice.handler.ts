import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator, NotFound, VersionConflict, actingAs, type Actor } from '@b2b/kernel';
import { EventStore, type StreamAppend } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import { canSeeCompany } from '@b2b/auth';
import {
  dateOf, documentSequenceDecider, documentSequenceStream, invoiceDecider, invoiceStream, nextDocumentNumber, type CreditNote, type Invoice, type InvoiceCommand, type Payment,
} from '@b2b/invoicing-domain';
import { InvoiceIssuer, MAX_ISSUE_ATTEMPTS, pause, type Loaded } from './invoice-issuer.js';

/** Payments and credit notes on an issued invoice. A credit note takes its own gap-free number (CN-…),
 *  claimed in the same appendMany as the invoice stream, with the same bounded retry as invoices. */
@Injectable()
export class InvoiceHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly issuer: InvoiceIssuer,
  ) {}

  async recordPayment(actor: Actor, invoiceId: string, payment: { amount: string; paidAt: string }): Promise<Payment> {
    const by = actingAs(actor, 'supplier-finance');
    const paymentId = this.ids.next();
    for (let attempt = 1; ; attempt++) {
      const invoice = await this.load(actor, invoiceId);
      const events = invoiceDecider.decide({ type: 'RecordPayment', data: { paymentId, ...payment, by }, meta: { by: actor, now: this.clock.now() } }, invoice.state);
      try {
        await this.store.append(invoice.stream, this.issuer.withIds(events), { expected: invoice.version, meta: { correlationId: this.ids.next(), causationId: null, actor: by, companyId: this.companyOf(invoice.state) } });
        this.runtime.afterAppend();
        return (events[0]!.data as { payment: Payment }).payment;
      } catch (error: unknown) {
        if (!(error instanceof VersionConflict) || attempt >= 2) throw error;
      }
    }
  }

  async issueCreditNote(actor: Actor, invoiceId: string, lines: { sku: string; quantity: number; reason: string }[]): Promise<CreditNote> {
    const by = actingAs(actor, 'supplier-finance');
    const creditNoteId = this.ids.next();
    for (let attempt = 1; ; attempt++) {
      const invoice = await this.load(actor, invoiceId);
      const now = this.clock.now();
      const issueDate = dateOf(now);
      const year = Number(issueDate.slice(0, 4));
      const sequence = await this.issuer.load(documentSequenceStream('CN', year), documentSequenceDecider);
      const command: InvoiceCommand = { type: 'IssueCreditNote', data: { creditNoteId, number: nextDocumentNumber(sequence.state, 'CN', year), issueDate, lines, by }, meta: { by: actor, now } };
      const events = invoiceDecider.decide(command, invoice.state);
      const appends: StreamAppend[] = [{ stream: invoice.stream, events: this.issuer.withIds(events), expected: invoice.version }, this.issuer.claim(sequence, 'CN', year, creditNoteId, now)];
      try {
        await this.store.appendMany(appends, { meta: { correlationId: this.ids.next(), causationId: null, actor: by, companyId: this.companyOf(invoice.state) } });
        this.runtime.afterAppend();
        return (events[0]!.data as { creditNote: CreditNote }).creditNote;
      } catch (error: unknown) {
        if (!(error instanceof VersionConflict) || attempt >= MAX_ISSUE_ATTEMPTS) throw error;
        await pause(attempt);
      }
    }
  }

  private async load(actor: Actor, invoiceId: string): Promise<Loaded<Invoice>> {
    const invoice = await this.issuer.load(invoiceStream(invoiceId), invoiceDecider);
    if (invoice.state.status === 'none' || !canSeeCompany(actor, invoice.state.invoice.companyId)) throw new NotFound('INVOICE.NOT_FOUND', `invoice ${invoiceId} not found`);
    return invoice;
  }

  private companyOf(state: Invoice): string | null {
    return state.status === 'none' ? null : state.invoice.companyId;
  }
}
