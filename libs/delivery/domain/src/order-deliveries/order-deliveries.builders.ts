import { actingAs, type Actor } from '@b2b/kernel';
import type { DeliveryLine, OrderDeliveriesCommand, OrderDeliveriesEvent, OrderFacts, ReceiptLine, ReceivedLine, SplitPart } from './order-deliveries.events.js';

/** Test data for the order-deliveries specs: ACME's order of two lines, approved Friday 6 March 2026,
 *  an agreement with a two-day lead time delivering on Tuesdays and Thursdays: promised Tuesday 10 March. */
export const ACME = 'cccccccc-0000-4000-8000-000000000001';
export const OTHER_COMPANY = 'cccccccc-0000-4000-8000-000000000002';
export const SUPPLIER = 'cccccccc-0000-4000-8000-000000000009';
export const ORDER = '0d0d0d0d-0000-4000-8000-000000000001';
export const DELIVERY = 'de000000-0000-4000-8000-000000000001';
export const PART_2 = 'de000000-0000-4000-8000-000000000002';
export const PART_3 = 'de000000-0000-4000-8000-000000000003';
export const RECEIPT_1 = 'ec000000-0000-4000-8000-000000000001';
export const RECEIPT_2 = 'ec000000-0000-4000-8000-000000000002';
export const APPROVED_AT = new Date('2026-03-06T10:00:00.000Z');
export const day = (d: string, time = '12:00:00'): Date => new Date(`${d}T${time}.000Z`);

const user = (n: number, roles: Actor['roles'], companyId = ACME): Actor => ({ userId: `eeeeeeee-0000-4000-8000-00000000000${n}`, companyId, roles });
export const olga = user(1, ['supplier-ops'], SUPPLIER);
export const sam = user(2, ['sales'], SUPPLIER);
export const rick = user(3, ['receiver']);
export const rosa = user(4, ['requester']);
export const otto = user(5, ['receiver'], OTHER_COMPANY);
const system: Actor = { userId: '00000000-0000-0000-0000-000000000000', companyId: ACME, roles: [] };

export const LINES: DeliveryLine[] = [{ sku: 'BOLT-M8', quantity: 100 }, { sku: 'NUT-M8', quantity: 50 }];
export const order: OrderFacts = {
  orderId: ORDER, companyId: ACME, locationId: '10c00000-0000-4000-8000-000000000001', agreementId: 'a9a9a9a9-0000-4000-8000-000000000001', agreementVersion: 2,
  requestedDeliveryDate: '2026-03-01', approvedAt: APPROVED_AT.toISOString(),
};
const ref = { orderId: ORDER, companyId: ACME, deliveryId: DELIVERY };

export const scheduleOrder = (over: Partial<Extract<OrderDeliveriesCommand, { type: 'ScheduleOrder' }>['data']> = {}, now = APPROVED_AT): OrderDeliveriesCommand => ({
  type: 'ScheduleOrder', data: { ...order, deliveryId: DELIVERY, lines: LINES, terms: { leadTimeDays: 2, deliveryWeekdays: [2, 4] }, ...over }, meta: { by: system, now },
});
export const scheduled = (promisedDate = '2026-03-10', now = APPROVED_AT): OrderDeliveriesEvent => ({
  type: 'DeliveryScheduled',
  data: {
    ...order, deliveryId: DELIVERY, lines: LINES, promisedDate,
    rule: { requestedDeliveryDate: '2026-03-01', approvedOn: '2026-03-06', leadTimeDays: 2, deliveryWeekdays: [2, 4], earliestDate: '2026-03-08' }, by: null, at: now.toISOString(),
  },
});

export const reschedule = (promisedDate: string, reason: string, by: Actor = olga, now = day('2026-03-07'), deliveryId = DELIVERY): OrderDeliveriesCommand => ({
  type: 'RescheduleDelivery', data: { deliveryId, promisedDate, reason }, meta: { by, now },
});
export const rescheduled = (from: string, to: string, reason: string, now = day('2026-03-07')): OrderDeliveriesEvent => ({
  type: 'DeliveryRescheduled', data: { ...ref, previousPromisedDate: from, newPromisedDate: to, originalPromisedDate: '2026-03-10', reason, by: actingAs(olga, 'supplier-ops'), at: now.toISOString() },
});

type Part = { lines: DeliveryLine[]; promisedDate?: string };
export const split = (parts: Part[], by: Actor = olga, now = day('2026-03-07')): OrderDeliveriesCommand => ({
  type: 'SplitDelivery', data: { deliveryId: DELIVERY, parts, newDeliveryIds: [PART_2, PART_3], reason: 'short on nuts' }, meta: { by, now },
});
export const wasSplit = (parts: SplitPart[], now = day('2026-03-07')): OrderDeliveriesEvent => ({
  type: 'DeliverySplit', data: { ...ref, before: LINES, parts, originalPromisedDate: '2026-03-10', reason: 'short on nuts', by: actingAs(olga, 'supplier-ops'), at: now.toISOString() },
});

export const dispatch = (by: Actor = olga, deliveryId = DELIVERY, now = day('2026-03-09')): OrderDeliveriesCommand => ({
  type: 'DispatchDelivery', data: { deliveryId, carrier: 'DHL', trackingReference: 'JD0001' }, meta: { by, now },
});
export const dispatched = (deliveryId = DELIVERY, lines: DeliveryLine[] = LINES, promisedDate = '2026-03-10', now = day('2026-03-09')): OrderDeliveriesEvent => ({
  type: 'DeliveryDispatched', data: { ...ref, deliveryId, lines, promisedDate, carrier: 'DHL', trackingReference: 'JD0001', by: actingAs(olga, 'supplier-ops'), at: now.toISOString() },
});

export const receive = (lines: ReceiptLine[], o: { by?: Actor; now?: Date; receiptId?: string; deliveryId?: string } = {}): OrderDeliveriesCommand => ({
  type: 'ReceiveGoods', data: { deliveryId: o.deliveryId ?? DELIVERY, receiptId: o.receiptId ?? RECEIPT_1, lines }, meta: { by: o.by ?? rick, now: o.now ?? day('2026-03-10') },
});
export const line = (sku: string, quantityReceived: number, quantityDamaged = 0): ReceivedLine => ({ sku, quantityReceived, quantityDamaged });
type Received = { lines: ReceivedLine[]; totals: ReceivedLine[]; closed: boolean; orderDone?: boolean; receiptId?: string; deliveryId?: string; promisedDate?: string; now?: Date };
export const received = (r: Received): OrderDeliveriesEvent => ({
  type: 'GoodsReceived',
  data: {
    ...ref, deliveryId: r.deliveryId ?? DELIVERY, receiptId: r.receiptId ?? RECEIPT_1, lines: r.lines, totals: r.totals, deliveryClosed: r.closed, orderFullyReceived: r.orderDone ?? r.closed,
    promisedDate: r.promisedDate ?? '2026-03-10', originalPromisedDate: '2026-03-10', by: actingAs(rick, 'receiver'), at: (r.now ?? day('2026-03-10')).toISOString(),
  },
});

const CANCELLED_AT = day('2026-03-08');
export const cancelOrder = (now = CANCELLED_AT): OrderDeliveriesCommand => ({
  type: 'CancelOrderDeliveries', data: { orderId: ORDER, companyId: ACME, reason: 'project stopped', cancelledBy: actingAs(rosa, 'requester'), cancelledAt: CANCELLED_AT.toISOString() }, meta: { by: system, now },
});
export const orderCancelled = (cancelled: string[], alreadyDispatched: string[] = []): OrderDeliveriesEvent => ({
  type: 'OrderDeliveriesCancelled', data: { orderId: ORDER, companyId: ACME, cancelled, alreadyDispatched, reason: 'project stopped', by: actingAs(rosa, 'requester'), at: CANCELLED_AT.toISOString() },
});
