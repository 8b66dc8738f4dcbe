import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator, SYSTEM_USER_ID, actingAs, type Actor } from '@b2b/kernel';
import { EventStore, handleCommand, type EventMetadata, type HandleResult } from '@b2b/event-store';
import type { Envelope, OrderApprovedV1, OrderCancelledV1 } from '@b2b/contracts';
import { ServiceRuntime } from '@b2b/nest';
import {
  orderDeliveriesDecider, orderDeliveriesStream, type DeliveryLine, type DeliveryTerms, type OrderDeliveries, type OrderDeliveriesCommand, type OrderDeliveriesEvent, type ReceiptLine,
} from '@b2b/delivery-domain';
import { DeliveryQuery, type DeliveryView } from './delivery.query.js';
import { translateOrderDeliveriesEvents } from './order-deliveries.translator.js';

export interface ReceiptView {
  readonly receiptId: string;
  readonly deliveryClosed: boolean;
  readonly orderFullyReceived: boolean;
  readonly delivery: DeliveryView;
}

type Change = Exclude<OrderDeliveriesCommand, { type: 'ScheduleOrder' | 'CancelOrderDeliveries' }>;

/** Order-deliveries commands: scheduling from ordering's approval, and what supplier ops and the
 *  customer's receivers do over HTTP. The delivery's order (its stream) is found through the read model;
 *  the decider, on the stream, has the last word (a concurrent dispatch of the same delivery gets 409). */
@Injectable()
export class OrderDeliveriesHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly query: DeliveryQuery,
  ) {}

  /** ordering.OrderApproved (with the terms of the agreement version it was priced on): one delivery, promised by the rule. */
  async schedule(order: OrderApprovedV1, terms: DeliveryTerms, cause: Envelope): Promise<void> {
    const system: Actor = { userId: SYSTEM_USER_ID, companyId: order.companyId, roles: [] };
    const { orderId, companyId, locationId, agreementId, agreementVersion, requestedDeliveryDate, approvedAt } = order;
    await this.run(
      {
        type: 'ScheduleOrder',
        data: {
          orderId, companyId, locationId, agreementId, agreementVersion, requestedDeliveryDate, approvedAt, deliveryId: this.ids.next(),
          lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), terms: { leadTimeDays: terms.leadTimeDays, deliveryWeekdays: [...terms.deliveryWeekdays] },
        },
        meta: { by: system, now: this.clock.now() },
      },
      orderId, { correlationId: cause.correlationId, causationId: cause.eventId, actor: null, companyId },
    );
  }

  /** ordering.OrderCancelled: the order's deliveries not dispatched yet are cancelled (recorded even before scheduling). */
  async cancelOrder(cancellation: OrderCancelledV1, cause: Envelope): Promise<void> {
    const system: Actor = { userId: SYSTEM_USER_ID, companyId: cancellation.companyId, roles: [] };
    const { orderId, companyId, reason, cancelledBy, cancelledAt } = cancellation;
    await this.run(
      { type: 'CancelOrderDeliveries', data: { orderId, companyId, reason, cancelledBy, cancelledAt }, meta: { by: system, now: this.clock.now() } },
      orderId, { correlationId: cause.correlationId, causationId: cause.eventId, actor: cancelledBy, companyId },
    );
  }

  async reschedule(actor: Actor, deliveryId: string, change: { promisedDate: string; reason: string }): Promise<DeliveryView> {
    await this.change(actor, deliveryId, { type: 'RescheduleDelivery', data: { deliveryId, ...change }, meta: { by: actor, now: this.clock.now() } });
    return this.query.one(actor, deliveryId);
  }

  /** Returns every part, the delivery split first. */
  async split(actor: Actor, deliveryId: string, request: { parts: readonly { lines: readonly DeliveryLine[]; promisedDate?: string }[]; reason?: string }): Promise<DeliveryView[]> {
    const newDeliveryIds = request.parts.slice(1).map(() => this.ids.next());
    const data = { deliveryId, parts: request.parts, newDeliveryIds, ...(request.reason !== undefined ? { reason: request.reason } : {}) };
    await this.change(actor, deliveryId, { type: 'SplitDelivery', data, meta: { by: actor, now: this.clock.now() } });
    return Promise.all([deliveryId, ...newDeliveryIds].map((id) => this.query.one(actor, id)));
  }

  async dispatch(actor: Actor, deliveryId: string, despatch: { carrier?: string; trackingReference?: string }): Promise<DeliveryView> {
    await this.change(actor, deliveryId, { type: 'DispatchDelivery', data: { deliveryId, ...despatch }, meta: { by: actor, now: this.clock.now() } });
    return this.query.one(actor, deliveryId);
  }

  async receive(actor: Actor, deliveryId: string, lines: readonly ReceiptLine[]): Promise<ReceiptView> {
    const receiptId = this.ids.next();
    const { events } = await this.change(actor, deliveryId, { type: 'ReceiveGoods', data: { deliveryId, receiptId, lines }, meta: { by: actor, now: this.clock.now() } });
    const receipt = events.find((e) => e.type === 'GoodsReceived')!.data as Extract<OrderDeliveriesEvent, { type: 'GoodsReceived' }>['data'];
    return { receiptId, deliveryClosed: receipt.deliveryClosed, orderFullyReceived: receipt.orderFullyReceived, delivery: await this.query.one(actor, deliveryId) };
  }

  /** A command on a delivery the actor may see (404 otherwise); the answer reads the read model after its own write. */
  private async change(actor: Actor, deliveryId: string, command: Change): Promise<HandleResult<OrderDeliveries, OrderDeliveriesEvent>> {
    const row = await this.query.find(actor, deliveryId);
    const role = command.type === 'ReceiveGoods' ? 'receiver' : 'supplier-ops';
    const result = await this.run(command, row.orderId, { correlationId: this.ids.next(), causationId: null, actor: actingAs(actor, role), companyId: row.companyId });
    await this.runtime.projected();
    return result;
  }

  private async run(command: OrderDeliveriesCommand, orderId: string, meta: EventMetadata): Promise<HandleResult<OrderDeliveries, OrderDeliveriesEvent>> {
    const result = await handleCommand(this.store, orderDeliveriesStream(orderId), orderDeliveriesDecider, command, {
      eventId: () => this.ids.next(),
      meta,
      translate: (events, state) => translateOrderDeliveriesEvents(events, state, { correlationId: meta.correlationId, causationId: meta.causationId, nextId: () => this.ids.next() }),
    });
    if (result.events.length > 0) this.runtime.afterAppend();
    return result;
  }
}
