import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Invalid, isTimestamp, type Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles } from '@b2b/auth';
import { AgreementHandler, type AgreementView } from '../application/agreement.handler.js';
import type { AgreementTerms } from '@b2b/agreements-domain';
import { Idempotent } from '@b2b/nest';
import { AmendAgreementRequest, CreateAgreementRequest, type AgreementTermsRequest } from './dto/agreement.requests.js';

const toTerms = (body: AgreementTermsRequest): AgreementTerms => ({
  title: body.title, currency: body.currency,
  validFrom: new Date(body.validFrom).toISOString(), validTo: new Date(body.validTo).toISOString(),
  paymentTerms: { netDays: body.paymentTerms.netDays, invoicing: body.paymentTerms.invoicing },
  deliveryTerms: { leadTimeDays: body.deliveryTerms.leadTimeDays, deliveryWeekdays: body.deliveryTerms.deliveryWeekdays },
  prices: body.prices.map((p) => ({ sku: p.sku, unitPrice: p.unitPrice, tiers: (p.tiers ?? []).map((t) => ({ minQty: t.minQty, unitPrice: t.unitPrice })) })),
  categoryDiscounts: (body.categoryDiscounts ?? []).map((d) => ({ category: d.category, percent: d.percent })),
  assortment: { skus: body.assortment?.skus ?? [], categories: body.assortment?.categories ?? [] },
  approvalPolicy: { levels: body.approvalPolicy.levels.map((l) => ({ minTotal: l.minTotal, role: l.role })) },
});

const parseAsOf = (asOf: string | undefined): Date | undefined => {
  if (asOf === undefined) return undefined;
  if (!isTimestamp(asOf)) throw new Invalid('AGREEMENT.INVALID_AS_OF', 'asOf must be a calendar day like 2026-03-01 or a date-time with a zone like 2026-03-01T10:00:00Z');
  return new Date(asOf);
};

@ApiTags('agreements')
@ApiBearerAuth()
@Idempotent()
@Controller('agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementHandler) {}

  @Post()
  @Roles('sales')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateAgreementRequest): Promise<{ id: string; version: number; status: string }> {
    const created = await this.agreements.draft(actor, body.companyId, toTerms(body));
    return { id: created.id, version: created.version, status: created.status };
  }

  /** A new version of an active agreement; it must be signed again, and the current version stays in force until then. */
  @Post(':id/amend')
  @Roles('sales')
  @HttpCode(200)
  amend(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AmendAgreementRequest): Promise<AgreementView> {
    const { reason, ...terms } = body;
    return this.agreements.amend(actor, id, toTerms(terms), reason);
  }

  @Post(':id/sign')
  @Roles('sales', 'procurement')
  @HttpCode(200)
  sign(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<AgreementView> {
    return this.agreements.sign(actor, id);
  }

  @Get(':id')
  @AnyRole()
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 timestamp: the terms in force then' })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Query('asOf') asOf?: string): Promise<AgreementView> {
    return this.agreements.get(actor, id, parseAsOf(asOf));
  }
}
