import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Clock, type Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles, isSupplierStaff } from '@b2b/auth';
import { Idempotent, ServiceRuntime } from '@b2b/nest';
import { currentQuote, type QuoteRequest } from '@b2b/ordering-domain';
import { QuoteHandler } from '../application/quote.handler.js';
import { toOrderView, type OrderView } from '../application/order.view.js';
import { QuoteRequestViewEntity } from '../infrastructure/read-models/ordering.entities.js';
import { AcceptQuoteRequest, ListQuotesRequest, QuoteRequestRequest, SendQuoteRequest } from './dto/order.requests.js';

type QuoteView = Omit<Exclude<QuoteRequest, { status: 'none' }>, 'status'> & { id: string; status: 'requested' | 'quoted' | 'accepted' | 'expired' };

/** Requests for quote: a requester asks, sales answers with a quote (never changed; a new one
 *  supersedes it), the requester accepts the latest one into an order before it expires. */
@ApiTags('ordering')
@ApiBearerAuth()
@Idempotent()
@Controller('orders/quotes')
export class QuotesController {
  constructor(
    private readonly orders: QuoteHandler,
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('requester', 'procurement')
  async request(@CurrentActor() actor: Actor, @Body() body: QuoteRequestRequest): Promise<QuoteView> {
    return this.view(await this.orders.requestQuote(actor, body.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), body.note ?? ''));
  }

  @Get()
  @AnyRole()
  async list(@CurrentActor() actor: Actor, @Query() query: ListQuotesRequest): Promise<{ id: string; companyId: string; status: string; validUntil: string | null; requestedAt: string }[]> {
    await this.runtime.projected();
    const rows = await this.dataSource.manager.find(QuoteRequestViewEntity, {
      where: { ...(isSupplierStaff(actor) ? {} : { companyId: actor.companyId }), ...(query.status ? { status: query.status } : {}) },
      order: { requestedAt: 'DESC' }, take: 200,
    });
    return rows.map((r) => ({ id: r.requestId, companyId: r.companyId, status: r.status, validUntil: r.validUntil?.toISOString() ?? null, requestedAt: r.requestedAt.toISOString() }));
  }

  @Get(':id')
  @AnyRole()
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<QuoteView> {
    return this.view((await this.orders.quote(actor, id)).state);
  }

  @Post(':id/answer')
  @Roles('sales')
  @HttpCode(200)
  async answer(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SendQuoteRequest): Promise<QuoteView> {
    return this.view(await this.orders.sendQuote(actor, id, body.prices.map((p) => ({ sku: p.sku, unitPrice: p.unitPrice })), body.currency, body.validUntil));
  }

  @Post(':id/accept')
  @Roles('requester')
  async accept(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AcceptQuoteRequest): Promise<OrderView> {
    const { quoteNo, locationId, requestedDeliveryDate, poNumber, costCenter } = body;
    return toOrderView(await this.orders.acceptQuote(actor, id, quoteNo, { locationId, requestedDeliveryDate, ...(poNumber ? { poNumber } : {}), ...(costCenter ? { costCenter } : {}) }));
  }

  private view(state: QuoteRequest): QuoteView {
    if (state.status === 'none') throw new Error('unreachable: a quote request that does not exist');
    const expired = state.status === 'quoted' && currentQuote(state, this.clock.now()) === null;
    return { ...state, id: state.requestId, status: expired ? 'expired' : state.status };
  }
}
