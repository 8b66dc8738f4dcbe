import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { NotFound, type Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles, isSupplierStaff } from '@b2b/auth';
import { Idempotent, ServiceRuntime } from '@b2b/nest';
import { OrderHandler } from '../application/order.handler.js';
import { toOrderView, type OrderView } from '../application/order.view.js';
import { OrderTrail, type OrderTerms, type TrailEntry, type TrailVerification } from '../application/order-trail.js';
import type { UnpricedLine } from '../application/order-pricing.js';
import { OrderViewEntity } from '../infrastructure/read-models/ordering.entities.js';
import {
  BudgetQuery, CancelOrderRequest, CreateOrderRequest, ListOrdersRequest, QuickOrderRequest, ReorderRequest, ReplaceLinesRequest, SetBudgetRequest,
} from './dto/order.requests.js';

const header = (body: { locationId: string; requestedDeliveryDate: string; poNumber?: string; costCenter?: string }) => ({
  locationId: body.locationId, requestedDeliveryDate: body.requestedDeliveryDate,
  ...(body.poNumber ? { poNumber: body.poNumber } : {}), ...(body.costCenter ? { costCenter: body.costCenter } : {}),
});
const lines = (body: { lines: { sku: string; quantity: number }[] }) => body.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));

@ApiTags('ordering')
@ApiBearerAuth()
@Idempotent()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrderHandler,
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly trail: OrderTrail,
  ) {}

  @Post()
  @Roles('requester')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateOrderRequest): Promise<OrderView> {
    return toOrderView(await this.orders.draft(actor, header(body), lines(body)));
  }

  @Post('quick')
  @Roles('requester')
  async quick(@CurrentActor() actor: Actor, @Body() body: QuickOrderRequest): Promise<OrderView> {
    return toOrderView(await this.orders.quickOrder(actor, header(body), body.text));
  }

  @Put('budgets')
  @Roles('company-admin')
  setBudget(@CurrentActor() actor: Actor, @Body() body: SetBudgetRequest) {
    return this.orders.setBudget(actor, body.costCenter, body.period, body.limit);
  }

  @Get('budgets')
  @Roles('company-admin', 'finance', 'approver', 'requester', 'procurement')
  budget(@CurrentActor() actor: Actor, @Query() query: BudgetQuery) {
    return this.orders.budget(actor, query.costCenter, query.period);
  }

  @Get()
  @AnyRole()
  async list(@CurrentActor() actor: Actor, @Query() query: ListOrdersRequest): Promise<{ items: OrderView[]; total: number }> {
    await this.runtime.projected();
    const where = {
      ...(isSupplierStaff(actor) ? (query.companyId ? { companyId: query.companyId } : {}) : { companyId: actor.companyId }),
      ...(query.status ? { status: query.status as OrderView['status'] } : {}),
    };
    const [rows, total] = await this.dataSource.manager.findAndCount(OrderViewEntity, { where, order: { createdAt: 'DESC' }, take: query.limit ?? 50, skip: query.offset ?? 0 });
    return {
      items: rows.map((r) => ({
        id: r.orderId, companyId: r.companyId, locationId: r.locationId, status: r.status, round: r.round, requestedDeliveryDate: r.requestedDeliveryDate,
        ...(r.poNumber ? { poNumber: r.poNumber } : {}), ...(r.costCenter ? { costCenter: r.costCenter } : {}), total: r.total, currency: r.currency,
        lines: r.lines, agreementId: r.agreementId, agreementVersion: r.agreementVersion, requesterId: r.requesterId,
      })),
      total,
    };
  }

  @Get(':id')
  @AnyRole()
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrderView> {
    return toOrderView(await this.orders.load(actor, id));
  }

  /** Every step from the agreement version the order was priced on to its invoice, oldest first. */
  @Get(':id/trail')
  @AnyRole()
  async trailOf(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<TrailEntry[]> {
    return this.trail.read(await this.orders.load(actor, id));
  }

  /** Recomputes the hash chains the trail is kept in and names the first broken link, if any. */
  @Get(':id/trail/verify')
  @AnyRole()
  async verifyTrail(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<TrailVerification> {
    return this.trail.verify(await this.orders.load(actor, id));
  }

  /** The agreement terms that applied when the order was priced and when each approval was given. */
  @Get(':id/terms')
  @AnyRole()
  async termsOf(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrderTerms> {
    return this.trail.terms(await this.orders.load(actor, id));
  }

  @Put(':id/lines')
  @Roles('requester')
  async replaceLines(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReplaceLinesRequest): Promise<OrderView> {
    return toOrderView(await this.orders.replaceLines(actor, id, lines(body)));
  }

  @Post(':id/submit')
  @Roles('requester')
  @HttpCode(200)
  async submit(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrderView> {
    return toOrderView(await this.orders.submit(actor, id));
  }

  @Post(':id/cancel')
  @Roles('requester', 'company-admin')
  @HttpCode(200)
  async cancel(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CancelOrderRequest): Promise<OrderView> {
    return toOrderView(await this.orders.cancel(actor, id, body.reason));
  }

  @Post(':id/reorder')
  @Roles('requester')
  async reorder(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReorderRequest): Promise<OrderView & { skipped: UnpricedLine[] }> {
    if (isSupplierStaff(actor)) throw new NotFound('ORDER.NOT_FOUND', `order ${id} not found`);
    const { order, skipped } = await this.orders.reorder(actor, id, body);
    return { ...toOrderView(order), skipped };
  }
}
