import { describe, expect, it } from '@jest/globals';
import { Conflict, Forbidden, Invalid, NotFound, RuleViolated, deciderSpec, fold } from '@b2b/kernel';
import { findDelivery, orderDeliveriesDecider } from './order-deliveries.decider.js';
import {
  DELIVERY, LINES, PART_2, PART_3, RECEIPT_2, cancelOrder, day, orderCancelled, dispatch, dispatched, line, olga, otto, receive, received, reschedule, rescheduled, rick, rosa, sam, scheduleOrder,
  scheduled, split, wasSplit,
} from './order-deliveries.builders.js';

const given = deciderSpec(orderDeliveriesDecider);
const BOLTS = { sku: 'BOLT-M8', quantity: 100 };
const NUTS = { sku: 'NUT-M8', quantity: 50 };
const TWO_PARTS = [
  { deliveryId: DELIVERY, promisedDate: '2026-03-10', lines: [BOLTS, { sku: 'NUT-M8', quantity: 30 }] },
  { deliveryId: PART_2, promisedDate: '2026-03-12', lines: [{ sku: 'NUT-M8', quantity: 20 }] },
];
const splitTwo = () => split([{ lines: [BOLTS, { sku: 'NUT-M8', quantity: 30 }] }, { lines: [{ sku: 'NUT-M8', quantity: 20 }], promisedDate: '2026-03-12' }]);

describe('order deliveries: scheduling an approved order', () => {
  it('schedules one delivery on the first delivery weekday after the lead time, recording the rule inputs', () =>
    given([]).when(scheduleOrder()).then([scheduled('2026-03-10')]));
  it('takes a later requested date when it is a delivery day', () => {
    const [event] = given([]).when(scheduleOrder({ requestedDeliveryDate: '2026-03-19' })).events();
    expect(event).toMatchObject({ data: { promisedDate: '2026-03-19', rule: { requestedDeliveryDate: '2026-03-19', earliestDate: '2026-03-19', leadTimeDays: 2, deliveryWeekdays: [2, 4] } } });
  });
  it('uses the terms of the version the order was priced on', () => {
    const [event] = given([]).when(scheduleOrder({ terms: { leadTimeDays: 10, deliveryWeekdays: [5] } })).events();
    expect(event).toMatchObject({ data: { promisedDate: '2026-03-20', agreementVersion: 2, rule: { leadTimeDays: 10, deliveryWeekdays: [5], approvedOn: '2026-03-06' } } });
  });
  it('merges order lines of the same SKU', () => {
    const [event] = given([]).when(scheduleOrder({ lines: [{ sku: 'A', quantity: 2 }, { sku: 'A', quantity: 3 }] })).events();
    expect(event).toMatchObject({ data: { lines: [{ sku: 'A', quantity: 5 }] } });
  });
  it('schedules nothing new when the approval arrives again', () => {
    given([scheduled()]).when(scheduleOrder()).then([]);
    given([scheduled(), dispatched()]).when(scheduleOrder()).then([]);
  });
});

describe('order deliveries: rescheduling', () => {
  it('lets supplier ops move the promise with a reason, keeping the original promised date', () => {
    given([scheduled()]).when(reschedule('2026-03-12', 'truck broke down')).then([rescheduled('2026-03-10', '2026-03-12', 'truck broke down')]);
    const state = fold(orderDeliveriesDecider, [scheduled(), rescheduled('2026-03-10', '2026-03-12', 'late truck'), rescheduled('2026-03-12', '2026-03-17', 'again')]);
    expect(findDelivery(state, DELIVERY)).toMatchObject({ promisedDate: '2026-03-17', originalPromisedDate: '2026-03-10' });
  });
  it('refuses to reschedule a delivery once it was dispatched (README: before dispatch), or received', () => {
    given([scheduled(), dispatched()]).when(reschedule('2026-03-12', 'carrier delay')).thenThrows(Conflict, 'DELIVERY.ALREADY_DISPATCHED');
    given([scheduled(), dispatched(), received({ lines: [line('BOLT-M8', 10)], totals: [line('BOLT-M8', 10), line('NUT-M8', 0)], closed: false })])
      .when(reschedule('2026-03-12', 'x')).thenThrows(Conflict, 'DELIVERY.ALREADY_DISPATCHED');
  });
  it('requires a reason, a real date, not in the past and not the current one', () => {
    given([scheduled()]).when(reschedule('2026-03-12', '  ')).thenThrows(Invalid, 'DELIVERY.REASON_REQUIRED');
    given([scheduled()]).when(reschedule('2026-02-30', 'x')).thenThrows(Invalid, 'DELIVERY.INVALID_DATE');
    given([scheduled()]).when(reschedule('2026-03-06', 'x')).thenThrows(RuleViolated, 'DELIVERY.DATE_IN_PAST');
    given([scheduled()]).when(reschedule('2026-03-10', 'x')).thenThrows(RuleViolated, 'DELIVERY.DATE_UNCHANGED');
  });
  it('is for supplier ops only; a customer sees only its own deliveries', () => {
    given([scheduled()]).when(reschedule('2026-03-12', 'x', sam)).thenThrows(Forbidden, 'DELIVERY.NOT_AUTHORISED');
    given([scheduled()]).when(reschedule('2026-03-12', 'x', rosa)).thenThrows(Forbidden);
    given([scheduled()]).when(reschedule('2026-03-12', 'x', otto)).thenThrows(NotFound);
    given([]).when(reschedule('2026-03-12', 'x')).thenThrows(NotFound, 'DELIVERY.NOT_FOUND');
    given([scheduled()]).when(reschedule('2026-03-12', 'x', olga, day('2026-03-07'), PART_3)).thenThrows(NotFound);
  });
});

describe('order deliveries: splitting', () => {
  it('splits a delivery into parts whose quantities add up per line; the first part keeps the delivery', () => {
    given([scheduled()]).when(splitTwo()).then([wasSplit(TWO_PARTS)]);
    const state = fold(orderDeliveriesDecider, [scheduled(), wasSplit(TWO_PARTS)]);
    expect(findDelivery(state, DELIVERY)).toMatchObject({ lines: TWO_PARTS[0]!.lines, promisedDate: '2026-03-10', originalPromisedDate: '2026-03-10', status: 'scheduled' });
    expect(findDelivery(state, PART_2)).toMatchObject({ lines: TWO_PARTS[1]!.lines, promisedDate: '2026-03-12', originalPromisedDate: '2026-03-10', status: 'scheduled' });
  });
  it('splits into three', () => {
    const [event] = given([scheduled()]).when(split([{ lines: [BOLTS] }, { lines: [{ sku: 'NUT-M8', quantity: 25 }] }, { lines: [{ sku: 'NUT-M8', quantity: 25 }] }])).events();
    expect(event).toMatchObject({ data: { parts: [{ deliveryId: DELIVERY }, { deliveryId: PART_2 }, { deliveryId: PART_3 }] } });
  });
  it('refuses parts that do not add up, naming the line', () => {
    given([scheduled()]).when(split([{ lines: [BOLTS] }, { lines: [{ sku: 'NUT-M8', quantity: 49 }] }])).thenThrows(RuleViolated, 'DELIVERY.SPLIT_QUANTITIES_MISMATCH');
    given([scheduled()]).when(split([{ lines: [BOLTS, NUTS] }, { lines: [{ sku: 'NUT-M8', quantity: 1 }] }])).thenThrows(RuleViolated, 'DELIVERY.SPLIT_QUANTITIES_MISMATCH');
    expect(() => given([scheduled()]).when(split([{ lines: [BOLTS] }, { lines: [{ sku: 'NUT-M8', quantity: 49 }] }])).events()).toThrow(/NUT-M8/);
  });
  it('refuses unknown SKUs, empty or single parts, zero quantities', () => {
    given([scheduled()]).when(split([{ lines: LINES }, { lines: [{ sku: 'WASHER', quantity: 1 }] }])).thenThrows(RuleViolated, 'DELIVERY.UNKNOWN_SKU');
    given([scheduled()]).when(split([{ lines: LINES }])).thenThrows(Invalid, 'DELIVERY.SPLIT_NEEDS_PARTS');
    given([scheduled()]).when(split([{ lines: LINES }, { lines: [] }])).thenThrows(Invalid, 'DELIVERY.NO_LINES');
    given([scheduled()]).when(split([{ lines: [BOLTS, { sku: 'NUT-M8', quantity: 0 }] }, { lines: [NUTS] }])).thenThrows(Invalid, 'DELIVERY.INVALID_QUANTITY');
  });
  it('only before dispatch, and only by supplier ops', () => {
    given([scheduled(), dispatched()]).when(splitTwo()).thenThrows(Conflict, 'DELIVERY.ALREADY_DISPATCHED');
    given([scheduled()]).when(split([{ lines: LINES }, { lines: LINES }], rick)).thenThrows(Forbidden);
  });
  it('lets each part be dispatched and received on its own; the order is received when all parts are', () => {
    const history = [scheduled(), wasSplit(TWO_PARTS), dispatched(PART_2, TWO_PARTS[1]!.lines, '2026-03-12')];
    given(history).when(dispatch(olga, PART_2)).thenThrows(Conflict, 'DELIVERY.ALREADY_DISPATCHED');
    given(history).when(receive([{ sku: 'NUT-M8', quantityReceived: 20 }], { deliveryId: PART_2 }))
      .then([received({ deliveryId: PART_2, lines: [line('NUT-M8', 20)], totals: [line('NUT-M8', 20)], closed: true, orderDone: false, promisedDate: '2026-03-12' })]);
    const almost = [...history, dispatched(DELIVERY, TWO_PARTS[0]!.lines), received({ deliveryId: PART_2, lines: [line('NUT-M8', 20)], totals: [line('NUT-M8', 20)], closed: true, orderDone: false })];
    const all = [line('BOLT-M8', 100), line('NUT-M8', 30)];
    given(almost).when(receive([{ sku: 'BOLT-M8', quantityReceived: 100 }, { sku: 'NUT-M8', quantityReceived: 30 }], { receiptId: RECEIPT_2 }))
      .then([received({ receiptId: RECEIPT_2, lines: all, totals: all, closed: true, orderDone: true })]);
  });
});

describe('order deliveries: dispatch', () => {
  it('ships the whole delivery with carrier and tracking reference (despatch advice)', () =>
    given([scheduled()]).when(dispatch()).then([dispatched()]));
  it('dispatches once', () => given([scheduled(), dispatched()]).when(dispatch()).thenThrows(Conflict, 'DELIVERY.ALREADY_DISPATCHED'));
  it('is for supplier ops only', () => {
    given([scheduled()]).when(dispatch(sam)).thenThrows(Forbidden);
    given([scheduled()]).when(dispatch(rick)).thenThrows(Forbidden);
    given([scheduled()]).when(dispatch(otto)).thenThrows(NotFound);
  });
});

describe('order deliveries: goods receipt', () => {
  const shipped = [scheduled(), dispatched()];
  const partial = received({ lines: [line('BOLT-M8', 60, 5)], totals: [line('BOLT-M8', 60, 5), line('NUT-M8', 0)], closed: false });

  it('records a partial receipt, leaving the rest open', () => {
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 60, quantityDamaged: 5 }])).then([partial]);
    expect(findDelivery(fold(orderDeliveriesDecider, [...shipped, partial]), DELIVERY)).toMatchObject({ status: 'partially-received', fullyReceivedAt: null });
  });
  it('adds a later receipt to the earlier ones and closes the delivery and the order when all is in', () => {
    const rest = [line('BOLT-M8', 40), line('NUT-M8', 50, 1)];
    given([...shipped, partial]).when(receive([{ sku: 'BOLT-M8', quantityReceived: 40 }, { sku: 'NUT-M8', quantityReceived: 50, quantityDamaged: 1 }], { receiptId: RECEIPT_2, now: day('2026-03-11') }))
      .then([received({ receiptId: RECEIPT_2, lines: rest, totals: [line('BOLT-M8', 100, 5), line('NUT-M8', 50, 1)], closed: true, now: day('2026-03-11') })]);
  });
  it('refuses an over-receipt, naming the line (also across receipts)', () => {
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 101 }])).thenThrows(RuleViolated, 'DELIVERY.OVER_RECEIPT');
    given([...shipped, partial]).when(receive([{ sku: 'BOLT-M8', quantityReceived: 41 }])).thenThrows(RuleViolated, 'DELIVERY.OVER_RECEIPT');
    expect(() => given([...shipped, partial]).when(receive([{ sku: 'BOLT-M8', quantityReceived: 41 }])).events()).toThrow(/BOLT-M8/);
  });
  it('refuses unknown SKUs, damaged above received, duplicates and empty receipts', () => {
    given(shipped).when(receive([{ sku: 'WASHER', quantityReceived: 1 }])).thenThrows(RuleViolated, 'DELIVERY.UNKNOWN_SKU');
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 1, quantityDamaged: 2 }])).thenThrows(RuleViolated, 'DELIVERY.DAMAGED_EXCEEDS_RECEIVED');
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 1 }, { sku: 'BOLT-M8', quantityReceived: 1 }])).thenThrows(Invalid, 'DELIVERY.DUPLICATE_LINE');
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 0 }])).thenThrows(Invalid, 'DELIVERY.EMPTY_RECEIPT');
    given(shipped).when(receive([])).thenThrows(Invalid, 'DELIVERY.NO_LINES');
  });
  it('only after dispatch, and not once received in full', () => {
    given([scheduled()]).when(receive([{ sku: 'BOLT-M8', quantityReceived: 1 }])).thenThrows(Conflict, 'DELIVERY.NOT_DISPATCHED');
    const all = [line('BOLT-M8', 100), line('NUT-M8', 50)];
    given([...shipped, received({ lines: all, totals: all, closed: true })]).when(receive([{ sku: 'BOLT-M8', quantityReceived: 1 }])).thenThrows(Conflict, 'DELIVERY.ALREADY_RECEIVED');
  });
  it('only by a receiver of the customer company (another company: 404)', () => {
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 1 }], { by: rosa })).thenThrows(Forbidden);
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 1 }], { by: otto })).thenThrows(NotFound);
    given(shipped).when(receive([{ sku: 'BOLT-M8', quantityReceived: 1 }], { by: olga })).thenThrows(NotFound);
  });
});

describe('order deliveries: the order is cancelled (ordering.OrderCancelled)', () => {
  it('cancels every delivery not dispatched yet; nothing can be done with it afterwards', () => {
    given([scheduled()]).when(cancelOrder()).then([orderCancelled([DELIVERY])]);
    const state = fold(orderDeliveriesDecider, [scheduled(), orderCancelled([DELIVERY])]);
    expect(findDelivery(state, DELIVERY)).toMatchObject({ status: 'cancelled' });
    for (const command of [dispatch(), reschedule('2026-03-12', 'x'), split([{ lines: [BOLTS] }, { lines: [NUTS] }]), receive([line('BOLT-M8', 1)])]) {
      given([scheduled(), orderCancelled([DELIVERY])]).when(command).thenThrows(Conflict, 'DELIVERY.CANCELLED');
    }
  });
  it('keeps a delivery whose goods had already left (a cancellation racing the dispatch) open for its receipt', () => {
    given([scheduled(), wasSplit(TWO_PARTS), dispatched()]).when(cancelOrder()).then([orderCancelled([PART_2], [DELIVERY])]);
    const state = fold(orderDeliveriesDecider, [scheduled(), wasSplit(TWO_PARTS), dispatched(), orderCancelled([PART_2], [DELIVERY])]);
    expect(findDelivery(state, DELIVERY)).toMatchObject({ status: 'dispatched' });
    const [event] = given([scheduled(), wasSplit(TWO_PARTS), dispatched(), orderCancelled([PART_2], [DELIVERY])])
      .when(receive([line('BOLT-M8', 100), line('NUT-M8', 30)])).events();
    expect(event).toMatchObject({ type: 'GoodsReceived', data: { deliveryClosed: true, orderFullyReceived: true } });
  });
  it('is recorded before scheduling, so an approval arriving after the cancellation schedules nothing', () => {
    given([]).when(cancelOrder()).then([orderCancelled([])]);
    given([orderCancelled([])]).when(scheduleOrder()).then([]);
    given([orderCancelled([])]).when(dispatch()).thenThrows(NotFound);
  });
  it('does nothing when the cancellation arrives again', () => {
    given([scheduled(), orderCancelled([DELIVERY])]).when(cancelOrder()).then([]);
    given([orderCancelled([])]).when(cancelOrder()).then([]);
    given([scheduled(), dispatched(), orderCancelled([], [DELIVERY])]).when(cancelOrder()).then([]);
  });
});
