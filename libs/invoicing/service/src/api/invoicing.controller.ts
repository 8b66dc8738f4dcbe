import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SUPPLIER_ROLES, type Actor } from '@b2b/kernel';
import { CurrentActor, Roles } from '@b2b/auth';
import { assertPeriod } from '@b2b/invoicing-domain';
import { Idempotent } from '@b2b/nest';
import { PeriodCloseHandler, type PeriodCloseView } from '../application/period-close.handler.js';
import { InvoiceQuery } from '../application/invoice.query.js';
import { VatRatesHandler, type VatRatesView } from '../application/vat-rates.handler.js';
import type { ContentTyped } from './invoices.controller.js';
import { renderInvoicesCsv } from './documents/invoices-csv.js';
import { ClosePeriodRequest, SetVatRateRequest } from './dto/invoicing.requests.js';

/** Supplier finance: period close, VAT rates, the accounting export. */
@ApiTags('invoicing')
@ApiBearerAuth()
@Idempotent()
@Controller('invoicing')
export class InvoicingController {
  constructor(
    private readonly periods: PeriodCloseHandler,
    private readonly vatRates: VatRatesHandler,
    private readonly query: InvoiceQuery,
  ) {}

  /** One consolidated invoice per company and monthly agreement; closing again issues nothing new. */
  @Post('close')
  @Roles('supplier-finance')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Body() body: ClosePeriodRequest): Promise<PeriodCloseView> {
    return this.periods.close(actor, body.period);
  }

  @Put('vat-rates')
  @Roles('supplier-finance')
  setVatRate(@CurrentActor() actor: Actor, @Body() body: SetVatRateRequest): Promise<{ category: string; rate: string }> {
    return this.vatRates.set(actor, body.category, body.rate);
  }

  @Get('vat-rates')
  @Roles(...SUPPLIER_ROLES)
  listVatRates(): Promise<VatRatesView> {
    return this.vatRates.list();
  }

  /** The period's invoice lines for accounting. */
  @Get('export')
  @Roles('supplier-finance')
  async export(@Query('period') period: string | undefined, @Res({ passthrough: true }) reply: ContentTyped): Promise<string> {
    const month = period ?? '';
    assertPeriod(month);
    const csv = renderInvoicesCsv(await this.query.forExport(month));
    reply.header('content-type', 'text/csv; charset=utf-8');
    return csv;
  }
}
