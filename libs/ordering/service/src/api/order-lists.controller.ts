import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { IdGenerator, type Actor } from '@b2b/kernel';
import { CurrentActor, Roles } from '@b2b/auth';
import { Idempotent, ServiceRuntime } from '@b2b/nest';
import { QuoteHandler } from '../application/quote.handler.js';
import { toOrderView, type OrderView } from '../application/order.view.js';
import type { UnpricedLine } from '../application/order-pricing.js';
import { OrderListViewEntity } from '../infrastructure/read-models/ordering.entities.js';
import { OrderFromListRequest, OrderListRequest } from './dto/order.requests.js';

interface OrderListView { readonly id: string; readonly name: string; readonly lines: readonly { sku: string; quantity: number }[] }
const lines = (body: OrderListRequest) => body.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));

/** Saved order lists (favourites), private to the requester who saved them. */
@ApiTags('ordering')
@ApiBearerAuth()
@Idempotent()
@Controller('orders/lists')
export class OrderListsController {
  constructor(
    private readonly orders: QuoteHandler,
    private readonly ids: IdGenerator,
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
  ) {}

  @Post()
  @Roles('requester')
  async save(@CurrentActor() actor: Actor, @Body() body: OrderListRequest): Promise<OrderListView> {
    const listId = this.ids.next();
    await this.orders.orderList(actor, { type: 'SaveOrderList', data: { listId, name: body.name, lines: lines(body) } });
    return { id: listId, name: body.name, lines: lines(body) };
  }

  @Get()
  @Roles('requester')
  async mine(@CurrentActor() actor: Actor): Promise<OrderListView[]> {
    await this.runtime.projected();
    const rows = await this.dataSource.manager.find(OrderListViewEntity, { where: { ownerId: actor.userId }, order: { name: 'ASC' } });
    return rows.map((r) => ({ id: r.listId, name: r.name, lines: r.lines }));
  }

  @Put(':id')
  @Roles('requester')
  async change(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: OrderListRequest): Promise<OrderListView> {
    await this.orders.orderList(actor, { type: 'ChangeOrderList', data: { listId: id, name: body.name, lines: lines(body) } });
    return { id, name: body.name, lines: lines(body) };
  }

  @Delete(':id')
  @Roles('requester')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.orders.orderList(actor, { type: 'DeleteOrderList', data: { listId: id } });
  }

  @Post(':id/order')
  @Roles('requester')
  async order(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: OrderFromListRequest): Promise<OrderView & { skipped: UnpricedLine[] }> {
    const { locationId, requestedDeliveryDate, poNumber, costCenter } = body;
    const { order, skipped } = await this.orders.orderFromList(actor, id, { locationId, requestedDeliveryDate, ...(poNumber ? { poNumber } : {}), ...(costCenter ? { costCenter } : {}) });
    return { ...toOrderView(order), skipped };
  }
}
