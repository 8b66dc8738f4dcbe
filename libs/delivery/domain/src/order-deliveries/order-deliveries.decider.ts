import { Conflict, Forbidden, Invalid, NotFound, RuleViolated, actingAs, assertNever, hasRole, type Actor, type Decider } from '@b2b/kernel';
import { dayOf, isDay, promiseDate } from '../promised-date/promised-date.js';
import type { Delivery, DeliveryLine, OrderDeliveries, OrderDeliveriesCommand, OrderDeliveriesEvent, ReceiptLine, ReceivedLine, SplitPart } from './order-deliveries.events.js';

type Known = Extract<OrderDeliveries, { status: 'open' | 'fully-received' }>;
type Rejected = { sku: string; [detail: string]: unknown };

const notFound = (deliveryId: string): NotFound => new NotFound('DELIVERY.NOT_FOUND', `delivery ${deliveryId} not found`);

/** The delivery, for an actor who may see it: supplier staff see every company's, a customer only its own (404 otherwise). */
const find = (state: OrderDeliveries, deliveryId: string, actor: Actor): { known: Known; delivery: Delivery } => {
  if (state.status === 'none' || state.status === 'cancelled') throw notFound(deliveryId);
  const delivery = state.deliveries.find((d) => d.deliveryId === deliveryId);
  const supplier = hasRole(actor, 'supplier-admin', 'sales', 'supplier-ops', 'supplier-finance');
  if (!delivery || (!supplier && actor.companyId !== state.order.companyId)) throw notFound(deliveryId);
  return { known: state, delivery };
};

const requireRole = (actor: Actor, role: 'supplier-ops' | 'receiver', what: string): void => {
  if (!hasRole(actor, role)) throw new Forbidden('DELIVERY.NOT_AUTHORISED', `only ${role} may ${what}`);
};

const notCancelled = (delivery: Delivery, what: string): void => {
  if (delivery.status === 'cancelled') throw new Conflict('DELIVERY.CANCELLED', `delivery ${delivery.deliveryId} was cancelled with its order: it can no longer be ${what}`);
};

const beforeDispatch = (delivery: Delivery, what: string): void => {
  notCancelled(delivery, what);
  if (delivery.status !== 'scheduled') throw new Conflict('DELIVERY.ALREADY_DISPATCHED', `delivery ${delivery.deliveryId} was dispatched: it can no longer be ${what}`);
};

const futureDay = (day: string, now: Date): string => {
  if (!isDay(day)) throw new Invalid('DELIVERY.INVALID_DATE', `${day} is not a date (YYYY-MM-DD)`);
  if (day < dayOf(now)) throw new RuleViolated('DELIVERY.DATE_IN_PAST', `a promised date cannot be in the past (${day})`);
  return day;
};

const quantities = (lines: readonly { sku: string; quantity: number }[], what: string): DeliveryLine[] => {
  if (lines.length === 0) throw new Invalid('DELIVERY.NO_LINES', `${what} needs at least one line`);
  const merged = new Map<string, number>();
  for (const { sku, quantity } of lines) {
    if (!Number.isInteger(quantity) || quantity < 1) throw new Invalid('DELIVERY.INVALID_QUANTITY', `${what}: the quantity of ${sku} must be a whole number ≥ 1`);
    merged.set(sku, (merged.get(sku) ?? 0) + quantity);
  }
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
};

const unknownSkus = (delivery: Delivery, skus: readonly string[]): void => {
  const unknown = skus.filter((sku) => !delivery.lines.some((l) => l.sku === sku));
  if (unknown.length > 0) throw new RuleViolated('DELIVERY.UNKNOWN_SKU', `delivery ${delivery.deliveryId} has no line ${unknown.join(', ')}`, unknown.map((sku) => ({ sku })));
};

const refuse = (code: string, message: string, rejected: readonly Rejected[]): void => {
  if (rejected.length > 0) throw new RuleViolated(code, `${message}: ${rejected.map((r) => r.sku).join(', ')}`, rejected);
};

const split = (command: Extract<OrderDeliveriesCommand, { type: 'SplitDelivery' }>, delivery: Delivery): SplitPart[] => {
  const { parts, newDeliveryIds } = command.data;
  if (parts.length < 2) throw new Invalid('DELIVERY.SPLIT_NEEDS_PARTS', 'a split needs at least two parts');
  if (newDeliveryIds.length < parts.length - 1) throw new Error(`SplitDelivery needs ${parts.length - 1} new delivery ids`);
  const lines = parts.map((p, i) => quantities(p.lines, `part ${i + 1}`));
  if (parts.some((p, i) => p.lines.length !== lines[i]!.length)) throw new Invalid('DELIVERY.DUPLICATE_LINE', 'a part names a SKU twice');
  unknownSkus(delivery, lines.flat().map((l) => l.sku));
  const total = (sku: string) => lines.flat().filter((l) => l.sku === sku).reduce((sum, l) => sum + l.quantity, 0);
  refuse('DELIVERY.SPLIT_QUANTITIES_MISMATCH', 'the parts must add up to the delivery, per line',
    delivery.lines.filter((l) => total(l.sku) !== l.quantity).map((l) => ({ sku: l.sku, delivery: l.quantity, parts: total(l.sku) })));
  return parts.map((p, i) => ({
    deliveryId: i === 0 ? delivery.deliveryId : newDeliveryIds[i - 1]!,
    promisedDate: p.promisedDate !== undefined ? futureDay(p.promisedDate, command.meta.now) : delivery.promisedDate,
    lines: lines[i]!,
  }));
};

/** A receipt against a dispatched delivery: known SKUs, damaged ≤ received, never more than dispatched in total. */
const receipt = (lines: readonly ReceiptLine[], delivery: Delivery): { lines: ReceivedLine[]; totals: ReceivedLine[] } => {
  if (lines.length === 0) throw new Invalid('DELIVERY.NO_LINES', 'a receipt needs at least one line');
  if (new Set(lines.map((l) => l.sku)).size !== lines.length) throw new Invalid('DELIVERY.DUPLICATE_LINE', 'a receipt names a SKU twice');
  const received = lines.map((l) => ({ sku: l.sku, quantityReceived: l.quantityReceived, quantityDamaged: l.quantityDamaged ?? 0 }));
  if (received.some((l) => ![l.quantityReceived, l.quantityDamaged].every((q) => Number.isInteger(q) && q >= 0))) {
    throw new Invalid('DELIVERY.INVALID_QUANTITY', 'received and damaged quantities are whole numbers ≥ 0');
  }
  if (received.every((l) => l.quantityReceived === 0)) throw new Invalid('DELIVERY.EMPTY_RECEIPT', 'a receipt must receive something');
  unknownSkus(delivery, received.map((l) => l.sku));
  refuse('DELIVERY.DAMAGED_EXCEEDS_RECEIVED', 'more damaged than received on line', received.filter((l) => l.quantityDamaged > l.quantityReceived));
  const totals = delivery.received.map((t) => {
    const now = received.find((l) => l.sku === t.sku);
    return now ? { sku: t.sku, quantityReceived: t.quantityReceived + now.quantityReceived, quantityDamaged: t.quantityDamaged + now.quantityDamaged } : t;
  });
  refuse('DELIVERY.OVER_RECEIPT', 'more received than dispatched on line', delivery.lines.flatMap((l) => {
    const total = totals.find((t) => t.sku === l.sku)!.quantityReceived;
    return total > l.quantity ? [{ sku: l.sku, dispatched: l.quantity, alreadyReceived: total - received.find((r) => r.sku === l.sku)!.quantityReceived, receiving: received.find((r) => r.sku === l.sku)!.quantityReceived }] : [];
  }));
  return { lines: received, totals };
};

const isClosed = (delivery: Pick<Delivery, 'lines'>, totals: readonly ReceivedLine[]): boolean =>
  delivery.lines.every((l) => totals.find((t) => t.sku === l.sku)?.quantityReceived === l.quantity);

const decide = (command: OrderDeliveriesCommand, state: OrderDeliveries): OrderDeliveriesEvent[] => {
  const at = command.meta.now.toISOString();
  const actor = command.meta.by;
  switch (command.type) {
    case 'ScheduleOrder': {
      if (state.status !== 'none') return []; // the approval arrived again (scheduled already), or after the order's cancellation
      const { deliveryId, lines, terms, ...order } = command.data;
      const rule = { requestedDeliveryDate: dayOf(order.requestedDeliveryDate), approvedOn: dayOf(order.approvedAt), leadTimeDays: terms.leadTimeDays, deliveryWeekdays: [...terms.deliveryWeekdays] };
      const { promisedDate, earliestDate } = promiseDate(rule);
      return [{ type: 'DeliveryScheduled', data: { ...order, deliveryId, lines: quantities(lines, 'an order'), promisedDate, rule: { ...rule, earliestDate }, by: null, at } }];
    }
    case 'RescheduleDelivery': {
      const { known, delivery } = find(state, command.data.deliveryId, actor);
      requireRole(actor, 'supplier-ops', 'reschedule a delivery');
      beforeDispatch(delivery, 'rescheduled');
      const reason = command.data.reason.trim();
      if (reason === '') throw new Invalid('DELIVERY.REASON_REQUIRED', 'a reschedule needs a reason');
      const newPromisedDate = futureDay(command.data.promisedDate, command.meta.now);
      if (newPromisedDate === delivery.promisedDate) throw new RuleViolated('DELIVERY.DATE_UNCHANGED', `delivery ${delivery.deliveryId} is already promised for ${newPromisedDate}`);
      return [{
        type: 'DeliveryRescheduled',
        data: {
          orderId: known.order.orderId, companyId: known.order.companyId, deliveryId: delivery.deliveryId, previousPromisedDate: delivery.promisedDate, newPromisedDate,
          originalPromisedDate: delivery.originalPromisedDate, reason, by: actingAs(actor, 'supplier-ops'), at,
        },
      }];
    }
    case 'SplitDelivery': {
      const { known, delivery } = find(state, command.data.deliveryId, actor);
      requireRole(actor, 'supplier-ops', 'split a delivery');
      beforeDispatch(delivery, 'split');
      const parts = split(command, delivery);
      const reason = command.data.reason?.trim();
      return [{
        type: 'DeliverySplit',
        data: {
          orderId: known.order.orderId, companyId: known.order.companyId, deliveryId: delivery.deliveryId, before: [...delivery.lines], parts,
          originalPromisedDate: delivery.originalPromisedDate, ...(reason ? { reason } : {}), by: actingAs(actor, 'supplier-ops'), at,
        },
      }];
    }
    case 'DispatchDelivery': {
      const { known, delivery } = find(state, command.data.deliveryId, actor);
      requireRole(actor, 'supplier-ops', 'dispatch a delivery');
      beforeDispatch(delivery, 'dispatched again');
      const { carrier, trackingReference } = command.data;
      return [{
        type: 'DeliveryDispatched',
        data: {
          orderId: known.order.orderId, companyId: known.order.companyId, deliveryId: delivery.deliveryId, lines: [...delivery.lines], promisedDate: delivery.promisedDate,
          ...(carrier !== undefined ? { carrier } : {}), ...(trackingReference !== undefined ? { trackingReference } : {}), by: actingAs(actor, 'supplier-ops'), at,
        },
      }];
    }
    case 'ReceiveGoods': {
      // Only the customer's own receivers: anybody else does not see the delivery (404) or lacks the role (403).
      if ((state.status === 'open' || state.status === 'fully-received') && actor.companyId !== state.order.companyId) throw notFound(command.data.deliveryId);
      const { known, delivery } = find(state, command.data.deliveryId, actor);
      requireRole(actor, 'receiver', 'record a goods receipt');
      notCancelled(delivery, 'received');
      if (delivery.status === 'scheduled') throw new Conflict('DELIVERY.NOT_DISPATCHED', `delivery ${delivery.deliveryId} has not been dispatched yet`);
      if (delivery.status === 'received') throw new Conflict('DELIVERY.ALREADY_RECEIVED', `delivery ${delivery.deliveryId} was received in full`);
      const { lines, totals } = receipt(command.data.lines, delivery);
      const deliveryClosed = isClosed(delivery, totals);
      const orderFullyReceived = deliveryClosed && known.deliveries.every((d) => d.deliveryId === delivery.deliveryId || d.status === 'received' || d.status === 'cancelled');
      return [{
        type: 'GoodsReceived',
        data: {
          orderId: known.order.orderId, companyId: known.order.companyId, deliveryId: delivery.deliveryId, receiptId: command.data.receiptId, lines, totals, deliveryClosed, orderFullyReceived,
          promisedDate: delivery.promisedDate, originalPromisedDate: delivery.originalPromisedDate, by: actingAs(actor, 'receiver'), at,
        },
      }];
    }
    case 'CancelOrderDeliveries': {
      const { orderId, companyId, reason, cancelledBy: by, cancelledAt } = command.data;
      if (state.status === 'cancelled' || (state.status !== 'none' && state.orderCancelled)) return []; // the cancellation arrived again
      const deliveries = state.status === 'none' ? [] : state.deliveries;
      const cancelled = deliveries.filter((d) => d.status === 'scheduled').map((d) => d.deliveryId);
      const alreadyDispatched = deliveries.filter((d) => d.status !== 'scheduled').map((d) => d.deliveryId);
      return [{ type: 'OrderDeliveriesCancelled', data: { orderId, companyId, cancelled, alreadyDispatched, reason, by, at: cancelledAt } }];
    }
    default:
      return assertNever(command);
  }
};

const nothingReceived = (lines: readonly DeliveryLine[]): ReceivedLine[] => lines.map((l) => ({ sku: l.sku, quantityReceived: 0, quantityDamaged: 0 }));

const isDone = (d: Delivery): boolean => d.status === 'received' || d.status === 'cancelled';

const update = (state: OrderDeliveries, deliveryId: string, change: (d: Delivery) => Delivery): OrderDeliveries => {
  if (state.status === 'none' || state.status === 'cancelled') return state;
  const deliveries = state.deliveries.map((d) => (d.deliveryId === deliveryId ? change(d) : d));
  return { ...state, deliveries, status: deliveries.every(isDone) && deliveries.some((d) => d.status === 'received') ? 'fully-received' : 'open' };
};

const evolve = (state: OrderDeliveries, event: OrderDeliveriesEvent): OrderDeliveries => {
  switch (event.type) {
    case 'DeliveryScheduled': {
      const { deliveryId, lines, promisedDate, rule: _rule, by: _by, at: _at, ...order } = event.data;
      const delivery: Delivery = { deliveryId, promisedDate, originalPromisedDate: promisedDate, status: 'scheduled', lines, received: nothingReceived(lines), despatch: null, fullyReceivedAt: null };
      return { status: 'open', order, deliveries: [delivery] };
    }
    case 'DeliveryRescheduled':
      return update(state, event.data.deliveryId, (d) => ({ ...d, promisedDate: event.data.newPromisedDate }));
    case 'DeliverySplit': {
      if (state.status === 'none' || state.status === 'cancelled') return state;
      const [first, ...others] = event.data.parts;
      const kept = update(state, event.data.deliveryId, (d) => ({ ...d, promisedDate: first!.promisedDate, lines: first!.lines, received: nothingReceived(first!.lines) }));
      if (kept.status === 'none' || kept.status === 'cancelled') return kept;
      const added = others.map((p): Delivery => ({
        deliveryId: p.deliveryId, promisedDate: p.promisedDate, originalPromisedDate: event.data.originalPromisedDate, status: 'scheduled', lines: p.lines,
        received: nothingReceived(p.lines), despatch: null, fullyReceivedAt: null,
      }));
      return { ...kept, deliveries: [...kept.deliveries, ...added] };
    }
    case 'DeliveryDispatched': {
      const { carrier, trackingReference, by, at } = event.data;
      const despatch = { ...(carrier !== undefined ? { carrier } : {}), ...(trackingReference !== undefined ? { trackingReference } : {}), by, at };
      return update(state, event.data.deliveryId, (d) => ({ ...d, status: 'dispatched', despatch }));
    }
    case 'GoodsReceived': {
      const { totals, deliveryClosed, at } = event.data;
      return update(state, event.data.deliveryId, (d) => ({ ...d, received: totals, status: deliveryClosed ? 'received' : 'partially-received', fullyReceivedAt: deliveryClosed ? at : null }));
    }
    case 'OrderDeliveriesCancelled': {
      if (state.status === 'none') return { status: 'cancelled', orderId: event.data.orderId, companyId: event.data.companyId };
      if (state.status === 'cancelled') return state;
      const cancelled = new Set(event.data.cancelled);
      const deliveries = state.deliveries.map((d): Delivery => (cancelled.has(d.deliveryId) ? { ...d, status: 'cancelled' } : d));
      return { ...state, deliveries, orderCancelled: true };
    }
    default:
      return assertNever(event);
  }
};

export const orderDeliveriesDecider: Decider<OrderDeliveries, OrderDeliveriesCommand, OrderDeliveriesEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };

/** One stream per approved order, holding all its deliveries. */
export const orderDeliveriesStream = (orderId: string): string => `delivery-order-${orderId}`;

export const findDelivery = (state: OrderDeliveries, deliveryId: string): Delivery | undefined =>
  state.status === 'none' || state.status === 'cancelled' ? undefined : state.deliveries.find((d) => d.deliveryId === deliveryId);
