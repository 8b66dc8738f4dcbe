import { IsArray, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DECIMAL_PATTERN } from '@b2b/kernel';
import { defineEvent } from '../define-event.js';

/** An invoice was issued (numbered, gap-free per supplier and year). Ordering marks its orders invoiced. */
export class InvoiceIssuedV1 {
  @IsUUID() readonly invoiceId!: string;
  @IsString() @Length(1, 40) readonly number!: string;
  @IsUUID() readonly companyId!: string;
  @IsUUID() readonly agreementId!: string;
  @IsArray() @IsUUID('all', { each: true }) readonly orderIds!: string[];
  @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) readonly period?: string;
  @Matches(DECIMAL_PATTERN) readonly total!: string;
  @Matches(/^[A-Z]{3}$/) readonly currency!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) readonly issueDate!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) readonly dueDate!: string;
  @IsISO8601({ strict: true }) readonly issuedAt!: string;
}

export const InvoiceIssued = defineEvent({
  type: 'invoicing.InvoiceIssued', version: 1, topic: 'invoicing.invoices',
  key: (e: InvoiceIssuedV1) => e.invoiceId, companyId: (e: InvoiceIssuedV1) => e.companyId, payload: InvoiceIssuedV1,
});
