import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { OrderEvent, OrderListEvent, OrderStatus, QuoteEvent } from '@b2b/ordering-domain';
import { OrderListViewEntity, OrderViewEntity, QuoteRequestViewEntity } from './ordering.entities.js';

const STATUS: Partial<Record<OrderEvent['type'], OrderStatus>> = {
  OrderSubmitted: 'pending-approval', OrderApproved: 'approved', OrderRejected: 'rejected', OrderChangesRequested: 'changes-requested', OrderCancelled: 'cancelled',
};

/** ordering_orders from the order streams. */
export const ordersProjection: Projection = {
  name: 'ordering-orders',
  owns: [OrderViewEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<OrderEvent>;
    const at = recorded.recordedAt;
    switch (event.type) {
      case 'OrderDrafted': {
        const d = event.data;
        await manager.upsert(OrderViewEntity, {
          orderId: d.orderId, companyId: d.companyId, locationId: d.locationId, requesterId: d.by.userId, status: 'draft', round: 0,
          requestedDeliveryDate: d.requestedDeliveryDate, poNumber: d.poNumber ?? null, costCenter: d.costCenter ?? null, lines: [...d.lines],
          total: d.total, currency: d.currency, agreementId: d.agreementId, agreementVersion: d.agreementVersion, budgetExceeded: false, createdAt: at, updatedAt: at,
        }, ['orderId']);
        return;
      }
      case 'OrderLinesReplaced': {
        const d = event.data;
        await manager.update(OrderViewEntity, { orderId: d.orderId }, { status: 'draft', lines: [...d.lines], total: d.total, currency: d.currency, agreementId: d.agreementId, agreementVersion: d.agreementVersion, updatedAt: at });
        return;
      }
      case 'OrderSubmitted':
        await manager.update(OrderViewEntity, { orderId: event.data.orderId }, { status: 'pending-approval', round: event.data.round, budgetExceeded: event.data.budget?.exceeded ?? false, updatedAt: at });
        return;
      case 'OrderApproved':
      case 'OrderRejected':
      case 'OrderChangesRequested':
      case 'OrderCancelled':
        await manager.update(OrderViewEntity, { orderId: event.data.orderId }, { status: STATUS[event.type]!, updatedAt: at });
        return;
      case 'OrderProgressed':
        await manager.update(OrderViewEntity, { orderId: event.data.orderId }, { status: event.data.stage, updatedAt: at });
        return;
      default:
        return;
    }
  },
};

/** ordering_quote_requests from the quote streams. */
export const quoteRequestsProjection: Projection = {
  name: 'ordering-quote-requests',
  owns: [QuoteRequestViewEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<QuoteEvent>;
    switch (event.type) {
      case 'QuoteRequested':
        await manager.upsert(QuoteRequestViewEntity, { requestId: event.data.requestId, companyId: event.data.companyId, status: 'requested', validUntil: null, requestedAt: recorded.recordedAt }, ['requestId']);
        return;
      case 'QuoteSent':
        await manager.update(QuoteRequestViewEntity, { requestId: event.data.requestId }, { status: 'quoted', validUntil: new Date(event.data.validUntil) });
        return;
      case 'QuoteAccepted':
        await manager.update(QuoteRequestViewEntity, { requestId: event.data.requestId }, { status: 'accepted' });
        return;
      default:
        return;
    }
  },
};

/** ordering_order_lists from the order-list streams. */
export const orderListsProjection: Projection = {
  name: 'ordering-order-lists',
  owns: [OrderListViewEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<OrderListEvent>;
    switch (event.type) {
      case 'OrderListSaved':
        await manager.upsert(OrderListViewEntity, { listId: event.data.listId, ownerId: event.data.by.userId, name: event.data.name, lines: [...event.data.lines] }, ['listId']);
        return;
      case 'OrderListChanged':
        await manager.update(OrderListViewEntity, { listId: event.data.listId }, { name: event.data.name, lines: [...event.data.lines] });
        return;
      case 'OrderListDeleted':
        await manager.delete(OrderListViewEntity, { listId: event.data.listId });
        return;
      default:
        return;
    }
  },
};
