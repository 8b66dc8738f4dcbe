import type { Order, OrderStatus, PricedLine } from '@b2b/ordering-domain';

export interface OrderView {
  readonly id: string;
  readonly companyId: string;
  readonly locationId: string;
  readonly status: OrderStatus;
  readonly round: number;
  readonly requestedDeliveryDate: string;
  readonly poNumber?: string;
  readonly costCenter?: string;
  readonly total: string;
  readonly currency: string;
  readonly lines: readonly PricedLine[];
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly requesterId: string;
}

export const toOrderView = (order: Exclude<Order, { status: 'none' }>): OrderView => ({
  id: order.orderId, companyId: order.companyId, locationId: order.locationId, status: order.status, round: order.round,
  requestedDeliveryDate: order.requestedDeliveryDate, ...(order.poNumber ? { poNumber: order.poNumber } : {}), ...(order.costCenter ? { costCenter: order.costCenter } : {}),
  total: order.total, currency: order.currency, lines: order.lines, agreementId: order.agreementId, agreementVersion: order.agreementVersion, requesterId: order.requesterId,
});
