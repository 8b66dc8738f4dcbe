import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, NotFound, isUuid, type Actor } from '@b2b/kernel';
import { canSeeCompany, isSupplierStaff } from '@b2b/auth';
import { ServiceRuntime } from '@b2b/nest';
import { dateOf, periodBounds, sumMoney, type CreditNote, type InvoiceDocument, type Payment } from '@b2b/invoicing-domain';
import { InvoiceEntity } from '../infrastructure/read-models/invoicing.entities.js';

export type InvoiceStatus = 'blocked' | 'issued' | 'partially-paid' | 'paid' | 'overdue';

export interface InvoiceSummary {
  readonly id: string;
  readonly number: string | null;
  readonly companyId: string;
  readonly period?: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly total: string;
  readonly currency: string;
  readonly status: InvoiceStatus;
}

export interface InvoiceView extends InvoiceSummary {
  readonly agreementId: string;
  readonly buyerReference: string;
  readonly lines: readonly {
    readonly orderId: string; readonly deliveryId: string; readonly sku: string; readonly name: string; readonly quantity: number;
    readonly unitPrice: string; readonly lineTotal: string; readonly vatRate: string; readonly vat: string;
  }[];
  readonly netTotal: string;
  readonly vatTotal: string;
  readonly vatBreakdown: InvoiceDocument['vatBreakdown'];
  readonly payments: readonly Payment[];
  readonly paidTotal: string;
  readonly creditNotes: readonly CreditNote[];
  readonly creditedTotal: string;
  /** What is still to pay: total less credit notes less payments. */
  readonly openAmount: string;
  readonly blockedReasons?: readonly string[];
}

/** Reads invoices from the read model. Customers see their own company's, supplier staff every one;
 *  another company's invoice is not found. Overdue is decided at read time by the injected clock. */
@Injectable()
export class InvoiceQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly runtime: ServiceRuntime,
  ) {}

  async list(actor: Actor, companyId?: string): Promise<InvoiceSummary[]> {
    const company = isSupplierStaff(actor) ? companyId : actor.companyId;
    if (companyId !== undefined && !canSeeCompany(actor, companyId)) return [];
    const rows = await this.dataSource.getRepository(InvoiceEntity).find({ where: company ? { companyId: company } : {}, order: { issueDate: 'ASC', recordedAt: 'ASC' } });
    return rows.map((r) => this.summary(r));
  }

  async ofPeriod(period: string): Promise<InvoiceSummary[]> {
    const rows = await this.dataSource.getRepository(InvoiceEntity).find({ where: { period }, order: { number: 'ASC' } });
    return rows.map((r) => this.summary(r));
  }

  /** Invoices for accounting: the period's consolidated invoices and the per-order invoices issued in it. */
  async forExport(period: string): Promise<InvoiceEntity[]> {
    const { startDate, endDate } = periodBounds(period);
    return this.dataSource.getRepository(InvoiceEntity).createQueryBuilder('i')
      .where("i.status <> 'blocked'")
      .andWhere('(i.period = :period or (i.period is null and i.issue_date between :startDate and :endDate))', { period, startDate, endDate })
      .orderBy('i.number', 'ASC').getMany();
  }

  async row(actor: Actor, invoiceId: string): Promise<InvoiceEntity> {
    const notFound = new NotFound('INVOICE.NOT_FOUND', `invoice ${invoiceId} not found`);
    if (!isUuid(invoiceId)) throw notFound;
    const repository = this.dataSource.getRepository(InvoiceEntity);
    let row = await repository.findOneBy({ invoiceId });
    if (!row) {
      await this.runtime.projected();
      row = await repository.findOneBy({ invoiceId });
    }
    if (!row || !canSeeCompany(actor, row.companyId)) throw notFound;
    return row;
  }

  async get(actor: Actor, invoiceId: string): Promise<InvoiceView> {
    return this.view(await this.row(actor, invoiceId));
  }

  view(row: InvoiceEntity): InvoiceView {
    const d = row.document;
    return {
      ...this.summary(row), agreementId: row.agreementId, buyerReference: d.buyerReference,
      lines: d.lines.map((l) => ({ orderId: l.orderId, deliveryId: l.deliveryId, sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice, lineTotal: l.lineTotal, vatRate: l.vatRate, vat: l.vat })),
      netTotal: row.netTotal, vatTotal: row.vatTotal, vatBreakdown: d.vatBreakdown, payments: row.payments, paidTotal: row.paidTotal,
      creditNotes: row.creditNotes, creditedTotal: row.creditedTotal, openAmount: row.status === 'blocked' ? '0.00' : sumMoney([row.total, `-${row.creditedTotal}`, `-${row.paidTotal}`]),
      ...(row.status === 'blocked' ? { blockedReasons: row.blockedReasons } : {}),
    };
  }

  private summary(row: InvoiceEntity): InvoiceSummary {
    const overdue = (row.status === 'issued' || row.status === 'partially-paid') && row.dueDate < dateOf(this.clock.now());
    return {
      id: row.invoiceId, number: row.number, companyId: row.companyId, ...(row.period !== null ? { period: row.period } : {}),
      issueDate: row.issueDate, dueDate: row.dueDate, total: row.total, currency: row.currency, status: overdue ? 'overdue' : row.status,
    };
  }
}
