import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Invalid, type Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles } from '@b2b/auth';
import { AgreementHandler, type AgreementView } from '../application/agreement.handler.js';
import { CreateAgreementRequest } from './dto/agreement.requests.js';

const parseAsOf = (asOf: string | undefined): Date | undefined => {
  if (asOf === undefined) return undefined;
  const at = new Date(asOf);
  if (Number.isNaN(at.getTime())) throw new Invalid('AGREEMENT.INVALID_AS_OF', 'asOf must be an ISO-8601 timestamp');
  return at;
};

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementHandler) {}

  @Post()
  @Roles('sales')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateAgreementRequest): Promise<{ id: string; version: number; status: string }> {
    const { companyId, ...terms } = body;
    const created = await this.agreements.draft(actor, companyId, {
      ...terms,
      validFrom: new Date(terms.validFrom).toISOString(),
      validTo: new Date(terms.validTo).toISOString(),
      prices: terms.prices.map((p) => ({ sku: p.sku, unitPrice: p.unitPrice, tiers: p.tiers ?? [] })),
    });
    return { id: created.id, version: created.version, status: created.status };
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
