import { OrderApproved, OrderCancelled, OrderSubmitted, envelopeOf, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import type { Order, OrderEvent } from '@b2b/ordering-domain';

type Placed = Exclude<Order, { status: 'none' }>;
const lines = (order: Placed) => order.lines.map(({ sku, quantity, unitPrice, lineTotal }) => ({ sku, quantity, unitPrice, lineTotal }));
const optional = (order: Placed) => ({ ...(order.poNumber ? { poNumber: order.poNumber } : {}), ...(order.costCenter ? { costCenter: order.costCenter } : {}) });

/** Domain events → integration events: submissions go to approvals (with the policy of the agreement
 *  version the order was priced on), cancellations close approval rounds, approvals go to delivery and
 *  invoicing with everything they need. `order` is the state after the events. */
export const translateOrderEvents = (events: readonly NewEvent<OrderEvent>[], order: Order, correlationId: string, causationId: string | null = null): Envelope[] => {
  if (order.status === 'none') return [];
  return events.flatMap((e): Envelope[] => {
    const event = { type: e.type, data: e.data } as OrderEvent;
    const context = (at: string, actor: Envelope['actor']) => ({ eventId: e.id, correlationId, causationId, actor, occurredAt: at });
    switch (event.type) {
      case 'OrderSubmitted': {
        const { round, total, currency, budget, by, at } = event.data;
        return [envelopeOf(OrderSubmitted, {
          orderId: order.orderId, companyId: order.companyId, locationId: order.locationId, round, total, currency,
          agreementId: order.agreementId, agreementVersion: order.agreementVersion, approvalPolicy: order.approvalPolicy.map((l) => ({ ...l })),
          lines: lines(order), ...optional(order), budgetExceeded: budget?.exceeded ?? false,
          requestedDeliveryDate: order.requestedDeliveryDate, submittedAt: at, submittedBy: by,
        }, context(at, by))];
      }
      case 'OrderApproved':
        return [envelopeOf(OrderApproved, {
          orderId: order.orderId, companyId: order.companyId, locationId: order.locationId, agreementId: order.agreementId,
          agreementVersion: order.agreementVersion, total: order.total, currency: order.currency, lines: lines(order), ...optional(order),
          requestedDeliveryDate: order.requestedDeliveryDate, approvedAt: event.data.at,
        }, context(event.data.at, null))];
      case 'OrderCancelled': {
        const { round, reason, by, at } = event.data;
        return [envelopeOf(OrderCancelled, { orderId: order.orderId, companyId: order.companyId, round, reason, cancelledAt: at, cancelledBy: by }, context(at, by))];
      }
      case 'OrderDrafted':
      case 'OrderLinesReplaced':
      case 'OrderRejected':
      case 'OrderChangesRequested':
      case 'OrderProgressed':
        return [];
      default:
        return [];
    }
  });
};
