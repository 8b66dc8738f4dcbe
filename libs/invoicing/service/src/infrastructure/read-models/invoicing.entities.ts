import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActorRef } from '@b2b/kernel';
import type { CreditNote, InvoiceDocument, Payment } from '@b2b/invoicing-domain';

/** Payment terms per agreement version (agreements.AgreementActivated): how and when its orders are invoiced. */
@Entity({ name: 'invoicing_agreement_terms' })
export class AgreementTermsEntity {
  @PrimaryColumn({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @PrimaryColumn({ type: 'int' }) readonly version!: number;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'int', name: 'net_days' }) readonly netDays!: number;
  @Column({ type: 'text' }) readonly invoicing!: 'per-order' | 'monthly';
}

/** Companies as invoices name them (agreements.CompanyRegistered): the buyer, and the supplier itself. */
@Entity({ name: 'invoicing_companies' })
export class InvoicingCompanyEntity {
  @PrimaryColumn({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text' }) readonly kind!: 'supplier' | 'customer';
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text' }) readonly address!: string;
}

/** Name, category (for VAT) and unit per SKU (catalog.ProductListed / ProductChanged). */
@Entity({ name: 'invoicing_products' })
export class InvoicingProductEntity {
  @PrimaryColumn({ type: 'text' }) readonly sku!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text' }) readonly category!: string;
  @Column({ type: 'text' }) readonly unit!: string;
  @Column({ type: 'timestamptz', name: 'changed_at' }) readonly changedAt!: Date;
}

/** Orders with accruals (projected from the order-accrual streams); agreement null while the order is unknown. */
@Entity({ name: 'invoicing_orders' })
@Index(['agreementId', 'agreementVersion'])
export class InvoicingOrderEntity {
  @PrimaryColumn({ type: 'uuid', name: 'order_id' }) readonly orderId!: string;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'agreement_id', nullable: true }) readonly agreementId!: string | null;
  @Column({ type: 'int', name: 'agreement_version', nullable: true }) readonly agreementVersion!: number | null;
  @Column({ type: 'boolean', name: 'fully_received', default: false }) readonly fullyReceived!: boolean;
}

/** Accrued goods receipts and the invoice that took each (null: still to invoice). */
@Entity({ name: 'invoicing_receipts' })
@Index(['period', 'invoiceId'])
export class InvoicingReceiptEntity {
  @PrimaryColumn({ type: 'uuid', name: 'receipt_id' }) readonly receiptId!: string;
  @Index() @Column({ type: 'uuid', name: 'order_id' }) readonly orderId!: string;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text' }) readonly period!: string;
  @Column({ type: 'timestamptz', name: 'received_at' }) readonly receivedAt!: Date;
  @Column({ type: 'uuid', name: 'invoice_id', nullable: true }) readonly invoiceId!: string | null;
  /** Committed after its period's close (the accrual raced the close): the next close takes it. */
  @Column({ type: 'boolean', default: false }) readonly late!: boolean;
}

@Entity({ name: 'invoicing_periods' })
export class InvoicingPeriodEntity {
  @PrimaryColumn({ type: 'text' }) readonly period!: string;
  @Column({ type: 'timestamptz', name: 'closed_at' }) readonly closedAt!: Date;
  @Column({ type: 'jsonb', name: 'closed_by' }) readonly closedBy!: ActorRef;
}

@Entity({ name: 'invoicing_vat_rates' })
export class VatRateEntity {
  @PrimaryColumn({ type: 'text' }) readonly category!: string;
  @Column({ type: 'text' }) readonly rate!: string;
  @Column({ type: 'timestamptz', name: 'changed_at' }) readonly changedAt!: Date;
}

export type InvoiceRowStatus = 'blocked' | 'issued' | 'partially-paid' | 'paid';

/** Every invoice (issued or blocked) with its document, payments and credit notes. */
@Entity({ name: 'invoicing_invoices' })
@Index(['companyId', 'issueDate'])
export class InvoiceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'invoice_id' }) readonly invoiceId!: string;
  @Column({ type: 'text', nullable: true, unique: true }) readonly number!: string | null;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Index() @Column({ type: 'text', nullable: true }) readonly period!: string | null;
  @Column({ type: 'text', name: 'issue_date' }) readonly issueDate!: string;
  @Column({ type: 'text', name: 'due_date' }) readonly dueDate!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'text', name: 'net_total' }) readonly netTotal!: string;
  @Column({ type: 'text', name: 'vat_total' }) readonly vatTotal!: string;
  @Column({ type: 'text' }) readonly total!: string;
  @Column({ type: 'text', name: 'paid_total', default: '0.00' }) readonly paidTotal!: string;
  @Column({ type: 'text', name: 'credited_total', default: '0.00' }) readonly creditedTotal!: string;
  @Column({ type: 'text' }) readonly status!: InvoiceRowStatus;
  @Column({ type: 'jsonb', name: 'blocked_reasons', default: () => "'[]'" }) readonly blockedReasons!: string[];
  @Column({ type: 'jsonb' }) readonly document!: InvoiceDocument & { readonly number?: string };
  @Column({ type: 'jsonb', default: () => "'[]'" }) readonly payments!: Payment[];
  @Column({ type: 'jsonb', name: 'credit_notes', default: () => "'[]'" }) readonly creditNotes!: CreditNote[];
  @Column({ type: 'timestamptz', name: 'recorded_at' }) readonly recordedAt!: Date;
}

export const INVOICING_ENTITIES = [
  AgreementTermsEntity, InvoicingCompanyEntity, InvoicingProductEntity, InvoicingOrderEntity, InvoicingReceiptEntity, InvoicingPeriodEntity, VatRateEntity, InvoiceEntity,
];
