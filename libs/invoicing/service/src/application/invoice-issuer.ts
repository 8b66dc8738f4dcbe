import { Injectable, Logger } from '@nestjs/common';
import { Clock, IdGenerator, SYSTEM_USER_ID, VersionConflict, fold, type Actor, type ActorRef, type Command, type Decider, type DomainEvent } from '@b2b/kernel';
import { EventStore, type Checkpoint, type EventMetadata, type NewEvent, type StreamAppend } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import {
  dateOf, documentSequenceDecider, documentSequenceStream, draftInvoice, invoiceDecider, invoiceStream, nextDocumentNumber, orderAccrualDecider, orderAccrualStream,
  uninvoicedReceipts, type AccruedReceipt, type DocumentSequence, type DocumentSeries, type InvoiceEvent, type OrderToInvoice,
} from '@b2b/invoicing-domain';
import { translateInvoiceEvents } from './invoice.translator.js';
import { ReferenceData } from './reference-data.js';

/** How often an invoice is decided again on fresh state after losing a race for a stream (the number
 *  sequence, an order's accrual): with N writers at once, each round lets at least one through. */
export const MAX_ISSUE_ATTEMPTS = 40;

export interface IssueRequest {
  readonly orderIds: readonly string[];
  readonly period?: string;
  /** Which of the orders' uninvoiced receipts go on this invoice. */
  readonly accept?: (receipt: AccruedReceipt) => boolean;
  readonly by: ActorRef | null;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export interface Loaded<S> {
  readonly stream: string;
  readonly state: S;
  readonly version: bigint;
}

/** Who the command meta names when the decision's own `by` is in its data (reactions, number claims). */
export const systemActor = (companyId: string | null): Actor => ({ userId: SYSTEM_USER_ID, companyId: companyId ?? SYSTEM_USER_ID, roles: [] });

export const pause = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * Math.min(attempt, 10))));

/** Issues one invoice over receipts of one or more orders of one company and agreement, and claims its
 *  number, in ONE atomic appendMany: the invoice stream, every order's accrual stream (the receipts
 *  become invoiced) and the year's number sequence (the number is taken). Either all of it is written or
 *  nothing, so numbers have no gaps and no receipt is invoiced twice. */
@Injectable()
export class InvoiceIssuer {
  private readonly logger = new Logger('invoicing');

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly reference: ReferenceData,
  ) {}

  /** The new invoice (issued or blocked) and where it was stored, or null when nothing is left to
   *  invoice or the agreement's terms are unknown yet. */
  async issue(request: IssueRequest): Promise<{ readonly invoiceId: string; readonly checkpoint: Checkpoint } | null> {
    const invoiceId = this.ids.next();
    for (let attempt = 1; ; attempt++) {
      const accruals = await Promise.all(request.orderIds.map((id) => this.load(orderAccrualStream(id), orderAccrualDecider)));
      const parts = accruals.flatMap((a) => {
        if (a.state.status !== 'accruing' || a.state.order === null) return [];
        const receipts = uninvoicedReceipts(a.state, request.accept);
        return receipts.length > 0 ? [{ loaded: a, part: { order: a.state.order, receipts, allReceipts: a.state.receipts } satisfies OrderToInvoice }] : [];
      });
      const first = parts[0]?.part.order;
      if (!first) return null;
      const terms = await this.reference.terms(first.agreementId, Math.max(...parts.map((p) => p.part.order.agreementVersion)));
      if (!terms) return null;
      const now = this.clock.now();
      const skus = [...new Set(parts.flatMap((p) => p.part.receipts.flatMap((r) => r.lines.map((l) => l.sku))))];
      const [buyer, products, vat] = await Promise.all([this.reference.buyer(first.companyId), this.reference.products(skus), this.reference.vatRates()]);
      const draft = draftInvoice({
        invoiceId, issueDate: dateOf(now), netDays: terms.netDays, ...(request.period !== undefined ? { period: request.period } : {}),
        buyer, orders: parts.map((p) => p.part), products, vatRateOf: vat.rateOf,
      });
      if (draft.lines.length === 0) return null; // everything received was damaged: nothing to bill
      const year = Number(draft.issueDate.slice(0, 4));
      const sequence = await this.load(documentSequenceStream('INV', year), documentSequenceDecider);
      const meta = { by: systemActor(first.companyId), now };
      const invoiceEvents = invoiceDecider.decide({ type: 'IssueInvoice', data: { draft, number: nextDocumentNumber(sequence.state, 'INV', year), by: request.by }, meta }, invoiceDecider.initialState());
      const appends: StreamAppend[] = [
        { stream: invoiceStream(invoiceId), events: this.withIds(invoiceEvents), expected: 0n },
        ...parts.map(({ loaded, part }) => ({
          stream: loaded.stream, expected: loaded.version,
          events: this.withIds(orderAccrualDecider.decide({ type: 'MarkReceiptsInvoiced', data: { orderId: part.order.orderId, invoiceId, receiptIds: part.receipts.map((r) => r.receiptId) }, meta }, loaded.state)),
        })),
      ];
      if (invoiceEvents.some((e) => e.type === 'InvoiceIssued')) appends.push(this.claim(sequence, 'INV', year, invoiceId, now));
      const outbox = translateInvoiceEvents(appends[0]!.events as NewEvent<InvoiceEvent>[], request);
      try {
        const { checkpoint } = await this.store.appendMany(appends, { meta: this.meta(request, first.companyId), outbox });
        this.runtime.afterAppend();
        return { invoiceId, checkpoint };
      } catch (error: unknown) {
        if (!(error instanceof VersionConflict) || attempt >= MAX_ISSUE_ATTEMPTS) throw error;
        if (attempt % 10 === 0) this.logger.warn(`invoice ${invoiceId}: attempt ${attempt} lost a race (${error.stream}); retrying`);
        await pause(attempt);
      }
    }
  }

  /** The append that takes the next number of the series for `documentId`. */
  claim(sequence: Loaded<DocumentSequence>, series: DocumentSeries, year: number, documentId: string, now: Date): StreamAppend {
    const events = documentSequenceDecider.decide(
      { type: 'ClaimNumber', data: { series, year, documentId }, meta: { by: systemActor(null), now } }, sequence.state);
    return { stream: sequence.stream, events: this.withIds(events), expected: sequence.version };
  }

  async load<S, C extends Command, E extends DomainEvent>(stream: string, decider: Decider<S, C, E>): Promise<Loaded<S>> {
    const { events, version } = await this.store.read<E>(stream);
    return { stream, version, state: fold(decider, events.map((e) => ({ type: e.type, data: e.data }) as E)) };
  }

  withIds<E extends DomainEvent>(events: readonly E[]): NewEvent<E>[] {
    return events.map((e) => ({ id: this.ids.next(), type: e.type, data: e.data }));
  }

  private meta(request: IssueRequest, companyId: string): EventMetadata {
    return { correlationId: request.correlationId, causationId: request.causationId, actor: request.by, companyId };
  }
}
