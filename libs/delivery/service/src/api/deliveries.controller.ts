import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles } from '@b2b/auth';
import { Idempotent } from '@b2b/nest';
import { DeliveryQuery, type DeliveryView, type OtifView } from '../application/delivery.query.js';
import { OrderDeliveriesHandler, type ReceiptView } from '../application/order-deliveries.handler.js';
import { DispatchRequest, ListDeliveriesRequest, OtifRequest, ReceiptRequest, RescheduleRequest, SplitRequest } from './dto/deliveries.requests.js';

/** Deliveries of approved orders: supplier ops reschedule, split and dispatch; the customer's receivers
 *  record goods receipts; everybody reads (supplier staff every company, customers their own). */
@ApiTags('deliveries')
@ApiBearerAuth()
@Idempotent()
@Controller('deliveries')
export class DeliveriesController {
  constructor(
    private readonly deliveries: OrderDeliveriesHandler,
    private readonly query: DeliveryQuery,
  ) {}

  @Get()
  @AnyRole()
  list(@CurrentActor() actor: Actor, @Query() query: ListDeliveriesRequest): Promise<DeliveryView[]> {
    return this.query.list(actor, query);
  }

  /** On time in full over the deliveries first promised in the period; on time counts against the original promised date. */
  @Get('otif')
  @AnyRole()
  otif(@CurrentActor() actor: Actor, @Query() query: OtifRequest): Promise<OtifView> {
    return this.query.otif(actor, query.period, query.companyId);
  }

  @Get(':id')
  @AnyRole()
  one(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DeliveryView> {
    return this.query.one(actor, id);
  }

  @Post(':id/reschedule')
  @Roles('supplier-ops')
  @HttpCode(200)
  reschedule(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RescheduleRequest): Promise<DeliveryView> {
    return this.deliveries.reschedule(actor, id, { promisedDate: body.promisedDate, reason: body.reason });
  }

  /** Splits a delivery not yet dispatched; answers every part, the delivery split first. */
  @Post(':id/split')
  @Roles('supplier-ops')
  @HttpCode(200)
  split(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SplitRequest): Promise<DeliveryView[]> {
    const parts = body.parts.map((p) => ({ lines: p.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), ...(p.promisedDate !== undefined ? { promisedDate: p.promisedDate } : {}) }));
    return this.deliveries.split(actor, id, { parts, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
  }

  /** Ships the whole delivery (the despatch advice: its lines, carrier and tracking reference). */
  @Post(':id/dispatch')
  @Roles('supplier-ops')
  @HttpCode(200)
  dispatch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: DispatchRequest): Promise<DeliveryView> {
    return this.deliveries.dispatch(actor, id, {
      ...(body.carrier !== undefined ? { carrier: body.carrier } : {}), ...(body.trackingReference !== undefined ? { trackingReference: body.trackingReference } : {}),
    });
  }

  /** A goods receipt; partial receipts leave the rest open, later ones add up. */
  @Post(':id/receipt')
  @Roles('receiver')
  receipt(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReceiptRequest): Promise<ReceiptView> {
    return this.deliveries.receive(actor, id, body.lines.map((l) => ({ sku: l.sku, quantityReceived: l.quantityReceived, ...(l.quantityDamaged !== undefined ? { quantityDamaged: l.quantityDamaged } : {}) })));
  }
}
