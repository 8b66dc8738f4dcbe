import { DeliveryDispatched, DeliveryScheduled, GoodsReceived, envelopeOf, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import { findDelivery, type OrderDeliveries, type OrderDeliveriesEvent } from '@b2b/delivery-domain';

export interface TranslationContext {
  readonly correlationId: string;
  readonly causationId: string | null;
  /** Fresh envelope ids when one domain event leaves as several messages (a split). */
  readonly nextId: () => string;
}

/** Domain events → integration events (what ordering and invoicing see):
 *  - scheduled → delivery.DeliveryScheduled;
 *  - rescheduled → delivery.DeliveryScheduled again, same delivery id, the new promised date;
 *  - split → delivery.DeliveryScheduled for every part (the first part keeps the delivery's id, now with fewer goods);
 *  - dispatched → delivery.DeliveryDispatched (the despatch advice);
 *  - goods received → delivery.GoodsReceived with this receipt's lines, deliveryClosed and orderFullyReceived;
 *  - deliveries cancelled with their order → nothing (ordering announced the cancellation). */
export const translateOrderDeliveriesEvents = (events: readonly NewEvent<OrderDeliveriesEvent>[], state: OrderDeliveries, context: TranslationContext): Envelope[] => {
  const { nextId, ...causation } = context;
  return events.flatMap((recorded): Envelope[] => {
    const event = { type: recorded.type, data: recorded.data } as OrderDeliveriesEvent;
    const headers = (at: string, actor: OrderDeliveriesEvent['data']['by'], eventId = recorded.id) => ({ eventId, ...causation, actor, occurredAt: at });
    switch (event.type) {
      case 'DeliveryScheduled': {
        const { deliveryId, orderId, companyId, promisedDate, lines, at } = event.data;
        return [envelopeOf(DeliveryScheduled, { deliveryId, orderId, companyId, promisedDate, lines, scheduledAt: at }, headers(at, null))];
      }
      case 'DeliveryRescheduled': {
        const { deliveryId, orderId, companyId, newPromisedDate, by, at } = event.data;
        const lines = [...(findDelivery(state, deliveryId)?.lines ?? [])];
        return [envelopeOf(DeliveryScheduled, { deliveryId, orderId, companyId, promisedDate: newPromisedDate, lines, scheduledAt: at }, headers(at, by))];
      }
      case 'DeliverySplit': {
        const { orderId, companyId, parts, by, at } = event.data;
        return parts.map((p, i) => envelopeOf(
          DeliveryScheduled, { deliveryId: p.deliveryId, orderId, companyId, promisedDate: p.promisedDate, lines: [...p.lines], scheduledAt: at }, headers(at, by, i === 0 ? recorded.id : nextId()),
        ));
      }
      case 'DeliveryDispatched': {
        const { deliveryId, orderId, companyId, lines, carrier, trackingReference, by, at } = event.data;
        const payload = { deliveryId, orderId, companyId, lines, ...(carrier !== undefined ? { carrier } : {}), ...(trackingReference !== undefined ? { trackingReference } : {}), dispatchedAt: at, dispatchedBy: by };
        return [envelopeOf(DeliveryDispatched, payload, headers(at, by))];
      }
      case 'GoodsReceived': {
        const { receiptId, deliveryId, orderId, companyId, lines, deliveryClosed, orderFullyReceived, promisedDate, by, at } = event.data;
        return [envelopeOf(GoodsReceived, { receiptId, deliveryId, orderId, companyId, lines, deliveryClosed, orderFullyReceived, promisedDate, receivedAt: at, receivedBy: by }, headers(at, by))];
      }
      case 'OrderDeliveriesCancelled':
        return []; // ordering cancelled the order itself; no other service acts on the deliveries it took back
      default:
        return [];
    }
  });
};
