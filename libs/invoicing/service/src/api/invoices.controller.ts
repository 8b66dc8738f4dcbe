import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RuleViolated, type Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles } from '@b2b/auth';
import type { CreditNote, Payment } from '@b2b/invoicing-domain';
import { Idempotent } from '@b2b/nest';
import { InvoiceHandler } from '../application/invoice.handler.js';
import { InvoiceQuery, type InvoiceSummary, type InvoiceView } from '../application/invoice.query.js';
import { ReferenceData } from '../application/reference-data.js';
import { renderInvoiceHtml } from './documents/invoice-html.js';
import { renderUblInvoice } from './documents/ubl-invoice.js';
import { CreditNoteRequest, RecordPaymentRequest } from './dto/invoicing.requests.js';

/** The part of Fastify's reply used here: the content type is set only once the document exists, so an
 *  error still leaves as JSON. */
export interface ContentTyped {
  header(name: string, value: string): unknown;
}

/** Invoices: customers read their own company's, supplier staff every one; supplier-finance records
 *  payments and credit notes. */
@ApiTags('invoicing')
@ApiBearerAuth()
@Idempotent()
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly query: InvoiceQuery,
    private readonly invoices: InvoiceHandler,
    private readonly reference: ReferenceData,
  ) {}

  @Get()
  @AnyRole()
  list(
    @CurrentActor() actor: Actor,
    @Query('companyId', new ParseUUIDPipe({ optional: true, exceptionFactory: () => new BadRequestException('companyId must be a UUID') })) companyId?: string,
  ): Promise<InvoiceSummary[]> {
    return this.query.list(actor, companyId);
  }

  @Get(':id')
  @AnyRole()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<InvoiceView> {
    return this.query.get(actor, id);
  }

  /** UBL 2.1 Invoice, Peppol BIS Billing 3.0. A blocked invoice has no number and no UBL (422). */
  @Get(':id/ubl')
  @AnyRole()
  async ubl(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: ContentTyped): Promise<string> {
    const row = await this.query.row(actor, id);
    if (row.status === 'blocked' || row.number === null) throw new RuleViolated('INVOICE.BLOCKED', `invoice ${id} is blocked: ${row.blockedReasons.join('; ')}`);
    const xml = renderUblInvoice({ ...row.document, number: row.number }, await this.reference.supplier());
    reply.header('content-type', 'application/xml; charset=utf-8');
    return xml;
  }

  @Get(':id/html')
  @AnyRole()
  async html(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: ContentTyped): Promise<string> {
    const row = await this.query.row(actor, id);
    const html = renderInvoiceHtml(this.query.view(row), row.document.buyer, await this.reference.supplier());
    reply.header('content-type', 'text/html; charset=utf-8');
    return html;
  }

  @Post(':id/payments')
  @Roles('supplier-finance')
  pay(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RecordPaymentRequest): Promise<Payment> {
    return this.invoices.recordPayment(actor, id, { amount: body.amount, paidAt: body.paidAt });
  }

  @Post(':id/credit-notes')
  @Roles('supplier-finance')
  credit(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreditNoteRequest): Promise<CreditNote> {
    return this.invoices.issueCreditNote(actor, id, body.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason })));
  }
}
