import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, IdGenerator, actingAs, type Actor } from '@b2b/kernel';
import { EventStore, compareCheckpoints, handleCommand, type Checkpoint } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import { assertPeriod, periodCloseDecider, periodCloseStream } from '@b2b/invoicing-domain';
import { accrualsProjection } from '../infrastructure/read-models/accruals.projection.js';
import { invoicesProjection } from '../infrastructure/read-models/invoices.projection.js';
import { InvoiceIssuer } from './invoice-issuer.js';
import { ReadYourWrites } from './read-your-writes.js';
import { InvoiceQuery, type InvoiceSummary } from './invoice.query.js';

export interface PeriodCloseView {
  readonly period: string;
  readonly closedAt: string;
  /** Invoices this call issued or blocked (none when the period was closed before and nothing new accrued). */
  readonly issued: readonly string[];
  /** Every invoice of the period. */
  readonly invoices: readonly InvoiceSummary[];
}

interface Candidate {
  readonly receipt_id: string;
  readonly order_id: string;
  readonly company_id: string;
  readonly agreement_id: string;
}

/** Closes a month for monthly agreements: one consolidated invoice per company and agreement over the
 *  receipts accrued to the period. Closing is recorded first, so receipts recorded from then on go to
 *  the next period. A receipt whose accrual committed just after its period's close (it read the period
 *  as open) is marked late by the projection and taken by the next period's close. Closing again
 *  issues only what is still uninvoiced: normally nothing. */
@Injectable()
export class PeriodCloseHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly dataSource: DataSource,
    private readonly issuer: InvoiceIssuer,
    private readonly query: InvoiceQuery,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async close(actor: Actor, period: string): Promise<PeriodCloseView> {
    assertPeriod(period);
    const by = actingAs(actor, 'supplier-finance');
    const correlationId = this.ids.next();
    const closed = await handleCommand(this.store, periodCloseStream(period), periodCloseDecider, { type: 'ClosePeriod', data: { period, by }, meta: { by: actor, now: this.clock.now() } }, {
      eventId: () => this.ids.next(), meta: { correlationId, causationId: null, actor: by, companyId: null },
    });
    if (closed.events.length > 0) this.runtime.afterAppend();
    // every receipt ordered before the close is in the read model; any after it is marked late
    const [closeEvent] = (await this.store.read(periodCloseStream(period))).events;
    await this.readYourWrites.until(accrualsProjection.name, closeEvent?.checkpoint ?? null);
    const candidates = await this.dataSource.query<Candidate[]>(
      `select r.receipt_id, r.order_id, o.company_id, o.agreement_id
         from invoicing_receipts r
         join invoicing_orders o on o.order_id = r.order_id
         join invoicing_agreement_terms t on t.agreement_id = o.agreement_id and t.version = o.agreement_version
        where r.invoice_id is null and t.invoicing = 'monthly'
          and ((r.period = $1 and not r.late) or (r.late and r.period < $1))
        order by o.company_id, o.agreement_id, r.received_at, r.order_id`,
      [period],
    );
    const groups = new Map<string, Candidate[]>();
    for (const c of candidates) groups.set(`${c.company_id}/${c.agreement_id}`, [...(groups.get(`${c.company_id}/${c.agreement_id}`) ?? []), c]);
    const issued: string[] = [];
    let last: Checkpoint | null = null;
    for (const group of groups.values()) {
      const receiptIds = new Set(group.map((c) => c.receipt_id));
      const invoice = await this.issuer.issue({
        orderIds: [...new Set(group.map((c) => c.order_id))], period, accept: (r) => receiptIds.has(r.receiptId), by, correlationId, causationId: null,
      });
      if (!invoice) continue;
      issued.push(invoice.invoiceId);
      if (last === null || compareCheckpoints(invoice.checkpoint, last) > 0) last = invoice.checkpoint;
    }
    await this.readYourWrites.until(invoicesProjection.name, last);
    const state = closed.state.status === 'closed' ? closed.state : null;
    return { period, closedAt: state?.closedAt ?? '', issued, invoices: await this.query.ofPeriod(period) };
  }
}
