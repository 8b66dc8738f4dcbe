import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService, authConfig } from '@b2b/auth';
import {
  AgreementActivated, CompanyRegistered, DeliveryDispatched, DeliveryScheduled, GoodsReceived, OrderApproved, OrderCancelled, envelopeOf,
  type AgreementActivatedV1, type DeliveryDispatchedV1, type DeliveryScheduledV1, type GoodsReceivedV1, type OrderApprovedV1,
} from '@b2b/contracts';
import { EventStore } from '@b2b/event-store';
import { FixedClock, actingAs, type Actor } from '@b2b/kernel';
import { InProcessBus } from '@b2b/messaging';
import { waitFor } from '@b2b/messaging/testing';
import { PlatformModule, createHttpApp, openServiceInfrastructure } from '@b2b/nest';
import { createTestDatabase } from '@b2b/testing';
import { DataSource } from 'typeorm';
import { orderDeliveriesStream } from '@b2b/delivery-domain';
import { DeliveryModule } from './delivery.module.js';
import { AgreementTermsEntity } from './infrastructure/read-models/delivery.entities.js';

/** The delivery service on its own: PostgreSQL (a fresh database on the test server) for events and
 *  read models, the in-process bus standing in for agreements and ordering, HTTP with real tokens, a
 *  fake clock. Friday 6 March 2026; the agreement (v1) delivers Tuesdays and Thursdays, two days' lead time. */
const ACME = randomUUID();
const OTHER = randomUUID();
const SUPPLIER = randomUUID();
const LOCATION = randomUUID();
const AGREEMENT = randomUUID();
const person = (roles: Actor['roles'], companyId = ACME): Actor => ({ userId: randomUUID(), companyId, roles });
const olga = person(['supplier-ops'], SUPPLIER);
const sam = person(['sales'], SUPPLIER);
const rick = person(['receiver']);
const rosa = person(['requester']);
const otto = person(['receiver', 'requester'], OTHER);

const clock = new FixedClock(new Date('2026-03-06T10:00:00.000Z'));
const bus = new InProcessBus();
const published = { scheduled: [] as DeliveryScheduledV1[], dispatched: [] as DeliveryDispatchedV1[], received: [] as GoodsReceivedV1[] };
let app: NestFastifyApplication;
let baseUrl: string;
let dropDatabase: () => Promise<void>;

type Reply = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = async (actor: Actor, method: string, path: string, body?: object): Promise<Reply> => {
  const token = app.get(TokenService).sign(actor);
  const res = await fetch(`${baseUrl}/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const get = (actor: Actor, path: string) => call(actor, 'GET', path);
const post = (actor: Actor, path: string, body: object = {}) => call(actor, 'POST', path, body);

const headers = () => ({ eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: null, occurredAt: clock.now().toISOString() });
const activation = (version: number, leadTimeDays: number, deliveryWeekdays: number[], activatedAt: string): AgreementActivatedV1 => ({
  agreementId: AGREEMENT, companyId: ACME, version, title: 'Fasteners', currency: 'EUR', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-12-31T23:59:59.000Z',
  paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays, deliveryWeekdays }, prices: [], approvalPolicy: { levels: [] },
  activatedAt, activatedBy: actingAs(sam, 'sales'),
});
const approved = (over: Partial<OrderApprovedV1> = {}): OrderApprovedV1 => ({
  orderId: randomUUID(), companyId: ACME, locationId: LOCATION, agreementId: AGREEMENT, agreementVersion: 1, total: '65.00', currency: 'EUR',
  lines: [{ sku: 'BOLT-M8', quantity: 100, unitPrice: '0.50', lineTotal: '50.00' }, { sku: 'NUT-M8', quantity: 50, unitPrice: '0.30', lineTotal: '15.00' }],
  requestedDeliveryDate: '2026-03-01', approvedAt: clock.now().toISOString(), ...over,
});
const approve = async (over: Partial<OrderApprovedV1> = {}): Promise<{ order: OrderApprovedV1; deliveryId: string }> => {
  const order = approved(over);
  await bus.publish([envelopeOf(OrderApproved, order, headers())]);
  const scheduled = await waitFor(() => published.scheduled.find((s) => s.orderId === order.orderId), `DeliveryScheduled of ${order.orderId}`);
  return { order, deliveryId: scheduled.deliveryId };
};
const receipt = (deliveryId: string, lines: object[], by: Actor = rick) => post(by, `/deliveries/${deliveryId}/receipt`, { lines });
const receivedOf = async (deliveryId: string, n: number): Promise<GoodsReceivedV1[]> => {
  const of = () => published.received.filter((r) => r.deliveryId === deliveryId);
  await waitFor(() => of().length >= n, `GoodsReceived #${n} of ${deliveryId}`);
  return of();
};

beforeAll(async () => {
  const database = await createTestDatabase('delivery');
  dropDatabase = database.drop;
  await bus.subscribe({
    group: 'test.deliveries', contracts: [DeliveryScheduled, DeliveryDispatched, GoodsReceived],
    handle: async ({ envelope, payload }) => {
      if (envelope.type === DeliveryScheduled.type) published.scheduled.push(payload as DeliveryScheduledV1);
      else if (envelope.type === DeliveryDispatched.type) published.dispatched.push(payload as DeliveryDispatchedV1);
      else published.received.push(payload as GoodsReceivedV1);
    },
  });
  const infrastructure = await openServiceInfrastructure({ service: 'delivery', databaseUrl: database.url, eventStore: { kind: 'postgres' }, publisher: bus, subscriber: bus });
  @Module({ imports: [PlatformModule.forRoot({ auth: authConfig('s'.repeat(40)), clock }), DeliveryModule.register(infrastructure)] })
  class TestModule {}
  app = await createHttpApp(TestModule, { title: 'delivery', logger: false, docsUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const registered = { companyId: ACME, kind: 'customer' as const, name: 'ACME', locations: [{ id: LOCATION, name: 'Main store', address: '1 Harbour Road' }], registeredAt: clock.now().toISOString() };
  await bus.publish([
    envelopeOf(CompanyRegistered, registered, headers()),
    envelopeOf(AgreementActivated, activation(1, 2, [2, 4], '2026-02-01T00:00:00.000Z'), headers()),
    // v2 is in force now, but orders priced on v1 keep v1's terms
    envelopeOf(AgreementActivated, activation(2, 10, [1], '2026-03-01T00:00:00.000Z'), headers()),
  ]);
});
afterAll(async () => {
  await app?.close();
  await dropDatabase?.();
});

describe('delivery service', () => {
  let first: { order: OrderApprovedV1; deliveryId: string };

  it('schedules an approved order on the first delivery weekday after the lead time of its agreement version', async () => {
    first = await approve();
    expect(published.scheduled.find((s) => s.deliveryId === first.deliveryId)).toEqual({
      deliveryId: first.deliveryId, orderId: first.order.orderId, companyId: ACME, promisedDate: '2026-03-10',
      lines: [{ sku: 'BOLT-M8', quantity: 100 }, { sku: 'NUT-M8', quantity: 50 }], scheduledAt: clock.now().toISOString(),
    });
    const list = await get(rosa, `/deliveries?orderId=${first.order.orderId}`);
    expect(list).toMatchObject({ status: 200, body: [{
      id: first.deliveryId, orderId: first.order.orderId, companyId: ACME, promisedDate: '2026-03-10', originalPromisedDate: '2026-03-10', status: 'scheduled', late: false,
      shipTo: { name: 'Main store', address: '1 Harbour Road' }, agreementVersion: 1,
      rule: { requestedDeliveryDate: '2026-03-01', approvedOn: '2026-03-06', leadTimeDays: 2, deliveryWeekdays: [2, 4], earliestDate: '2026-03-08' },
      received: [{ sku: 'BOLT-M8', quantityReceived: 0, quantityDamaged: 0 }, { sku: 'NUT-M8', quantityReceived: 0, quantityDamaged: 0 }],
    }] });
    expect((await get(sam, `/deliveries/${first.deliveryId}`)).body).toMatchObject({ id: first.deliveryId });
    expect((await get(otto, `/deliveries/${first.deliveryId}`)).status).toBe(404);
    expect((await get(otto, `/deliveries?orderId=${first.order.orderId}`)).body).toEqual([]);
    expect((await get(rosa, '/deliveries/not-a-uuid')).status).toBe(404);
    expect((await get(rosa, '/deliveries?status=lost')).status).toBe(400);
  });

  it('schedules nothing new when the approval arrives again', async () => {
    const order = approved();
    const message = envelopeOf(OrderApproved, order, headers());
    await bus.publish([message]);
    await bus.publish([message]);
    await bus.publish([envelopeOf(OrderApproved, order, headers())]);
    const { version } = await app.get(EventStore).read(orderDeliveriesStream(order.orderId));
    expect(version).toBe(1n);
    expect(published.scheduled.filter((s) => s.orderId === order.orderId)).toHaveLength(1);
  });

  it('retries an approval that arrives before the terms of its agreement version, and schedules once they are known', async () => {
    const order = approved({ agreementVersion: 3 });
    const delivered = bus.publish([envelopeOf(OrderApproved, order, headers())]); // the handler throws: the bus retries
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await app.get(EventStore).read(orderDeliveriesStream(order.orderId))).version).toBe(0n);
    // the activation arrives through the agreements consumer (on Kafka another group, so not behind this message)
    await app.get(DataSource).getRepository(AgreementTermsEntity).insert({ agreementId: AGREEMENT, version: 3, companyId: ACME, leadTimeDays: 0, deliveryWeekdays: [5], activatedAt: new Date('2026-03-05T00:00:00.000Z') });
    await delivered;
    expect(await waitFor(() => published.scheduled.find((s) => s.orderId === order.orderId), 'DeliveryScheduled after the retry')).toMatchObject({ promisedDate: '2026-03-06' });
  });

  it('dispatches over HTTP (supplier ops only, once) and announces the despatch advice', async () => {
    expect((await post(rosa, `/deliveries/${first.deliveryId}/dispatch`)).status).toBe(403);
    expect((await post(olga, `/deliveries/${randomUUID()}/dispatch`)).status).toBe(404);
    expect((await post(olga, `/deliveries/${first.deliveryId}/dispatch`, { carrier: 5 })).status).toBe(400);
    expect((await receipt(first.deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 1 }])).body).toMatchObject({ statusCode: 409, code: 'DELIVERY.NOT_DISPATCHED' });
    const reply = await post(olga, `/deliveries/${first.deliveryId}/dispatch`, { carrier: 'DHL', trackingReference: 'JD0001' });
    expect(reply).toMatchObject({ status: 200, body: { status: 'dispatched', despatch: { carrier: 'DHL', trackingReference: 'JD0001', dispatchedBy: actingAs(olga, 'supplier-ops') } } });
    expect(await waitFor(() => published.dispatched.find((d) => d.deliveryId === first.deliveryId), 'DeliveryDispatched')).toEqual({
      deliveryId: first.deliveryId, orderId: first.order.orderId, companyId: ACME, lines: [{ sku: 'BOLT-M8', quantity: 100 }, { sku: 'NUT-M8', quantity: 50 }],
      carrier: 'DHL', trackingReference: 'JD0001', dispatchedAt: clock.now().toISOString(), dispatchedBy: actingAs(olga, 'supplier-ops'),
    });
    expect((await post(olga, `/deliveries/${first.deliveryId}/dispatch`)).status).toBe(409);
  });

  it('records a partial receipt, refuses over-receipt and unknown SKUs, then closes the delivery and the order', async () => {
    clock.set('2026-03-10T09:00:00.000Z');
    expect((await receipt(first.deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 1 }], olga)).status).toBe(403);
    expect((await receipt(first.deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 1 }], otto)).status).toBe(404);
    expect((await post(rick, `/deliveries/${first.deliveryId}/receipt`, {})).status).toBe(400);
    const over = await receipt(first.deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 101 }]);
    expect(over).toMatchObject({ status: 422, body: { code: 'DELIVERY.OVER_RECEIPT', details: [{ sku: 'BOLT-M8', dispatched: 100, alreadyReceived: 0, receiving: 101 }] } });
    expect(over.body.message).toContain('BOLT-M8');
    expect((await receipt(first.deliveryId, [{ sku: 'WASHER', quantityReceived: 1 }])).body).toMatchObject({ statusCode: 422, code: 'DELIVERY.UNKNOWN_SKU' });

    const partial = await receipt(first.deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 60, quantityDamaged: 2 }]);
    expect(partial).toMatchObject({ status: 201, body: { deliveryClosed: false, orderFullyReceived: false, delivery: { status: 'partially-received', received: [{ sku: 'BOLT-M8', quantityReceived: 60, quantityDamaged: 2 }, { sku: 'NUT-M8', quantityReceived: 0 }] } } });
    const [announced] = await receivedOf(first.deliveryId, 1);
    expect(announced).toEqual({
      receiptId: partial.body.receiptId, deliveryId: first.deliveryId, orderId: first.order.orderId, companyId: ACME, lines: [{ sku: 'BOLT-M8', quantityReceived: 60, quantityDamaged: 2 }],
      deliveryClosed: false, orderFullyReceived: false, promisedDate: '2026-03-10', receivedAt: clock.now().toISOString(), receivedBy: actingAs(rick, 'receiver'),
    });
    expect((await receipt(first.deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 41 }])).status).toBe(422); // 60 + 41 > 100

    const rest = await receipt(first.deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 40 }, { sku: 'NUT-M8', quantityReceived: 50 }]);
    expect(rest.body).toMatchObject({ deliveryClosed: true, orderFullyReceived: true, delivery: { status: 'received', late: false } });
    expect((await receivedOf(first.deliveryId, 2))[1]).toMatchObject({ deliveryClosed: true, orderFullyReceived: true, lines: [{ sku: 'BOLT-M8', quantityReceived: 40, quantityDamaged: 0 }, { sku: 'NUT-M8', quantityReceived: 50 }] });
    expect((await receipt(first.deliveryId, [{ sku: 'NUT-M8', quantityReceived: 1 }])).status).toBe(409);
  });

  it('splits and reschedules (supplier ops), keeping the original promise; the order is received when every part is', async () => {
    clock.set('2026-03-06T10:00:00.000Z');
    const { order, deliveryId } = await approve();
    const badSplit = await post(olga, `/deliveries/${deliveryId}/split`, { parts: [{ lines: [{ sku: 'BOLT-M8', quantity: 100 }] }, { lines: [{ sku: 'NUT-M8', quantity: 49 }] }] });
    expect(badSplit).toMatchObject({ status: 422, body: { code: 'DELIVERY.SPLIT_QUANTITIES_MISMATCH' } });
    expect((await post(rick, `/deliveries/${deliveryId}/split`, { parts: [] })).status).toBe(403);
    const parts = await post(olga, `/deliveries/${deliveryId}/split`, { parts: [{ lines: [{ sku: 'BOLT-M8', quantity: 100 }, { sku: 'NUT-M8', quantity: 30 }] }, { lines: [{ sku: 'NUT-M8', quantity: 20 }] }], reason: 'nuts back-ordered' });
    expect(parts).toMatchObject({ status: 200, body: [{ id: deliveryId, lines: [{ sku: 'BOLT-M8', quantity: 100 }, { sku: 'NUT-M8', quantity: 30 }] }, { splitFrom: deliveryId, lines: [{ sku: 'NUT-M8', quantity: 20 }], originalPromisedDate: '2026-03-10' }] });
    const second: string = parts.body[1].id;
    await waitFor(() => published.scheduled.some((s) => s.deliveryId === second), 'DeliveryScheduled of the new part');

    expect((await post(olga, `/deliveries/${second}/reschedule`, { promisedDate: '2026-03-12' })).status).toBe(400);
    const moved = await post(olga, `/deliveries/${second}/reschedule`, { promisedDate: '2026-03-12', reason: 'nuts arrive Wednesday' });
    expect(moved.body).toMatchObject({ promisedDate: '2026-03-12', originalPromisedDate: '2026-03-10', reschedules: [{ from: '2026-03-10', to: '2026-03-12', reason: 'nuts arrive Wednesday', by: actingAs(olga, 'supplier-ops') }] });
    expect(await waitFor(() => published.scheduled.find((s) => s.deliveryId === second && s.promisedDate === '2026-03-12'), 'rescheduled')).toBeTruthy();

    for (const id of [deliveryId, second]) expect((await post(olga, `/deliveries/${id}/dispatch`)).status).toBe(200);
    clock.set('2026-03-10T15:00:00.000Z');
    expect((await receipt(deliveryId, [{ sku: 'BOLT-M8', quantityReceived: 100 }, { sku: 'NUT-M8', quantityReceived: 30 }])).body).toMatchObject({ deliveryClosed: true, orderFullyReceived: false });
    clock.set('2026-03-11T08:00:00.000Z');
    expect((await get(rosa, `/deliveries?orderId=${order.orderId}&status=dispatched`)).body).toEqual([expect.objectContaining({ id: second, late: false })]);
    clock.set('2026-03-13T08:00:00.000Z');
    expect((await get(rosa, `/deliveries/${second}`)).body).toMatchObject({ late: true });
    clock.set('2026-03-12T16:00:00.000Z');
    expect((await receipt(second, [{ sku: 'NUT-M8', quantityReceived: 20 }])).body).toMatchObject({ deliveryClosed: true, orderFullyReceived: true });
    expect((await get(sam, `/deliveries?companyId=${ACME}&from=2026-03-12&to=2026-03-12`)).body.map((d: { id: string }) => d.id)).toEqual([second]);
  });

  it('cancels the deliveries of a cancelled order (once, even when the cancellation comes again), and schedules nothing for an order cancelled before its approval arrived', async () => {
    clock.set('2026-03-06T10:00:00.000Z');
    const cancellation = (orderId: string) => envelopeOf(OrderCancelled, { orderId, companyId: ACME, round: 1, reason: 'project stopped', cancelledAt: clock.now().toISOString(), cancelledBy: actingAs(rosa, 'requester') }, headers());
    const { order, deliveryId } = await approve();
    await bus.publish([cancellation(order.orderId)]);
    await bus.publish([cancellation(order.orderId)]);
    expect(await waitFor(async () => ((await get(olga, `/deliveries/${deliveryId}`)).body.status === 'cancelled' ? true : null), 'the delivery cancelled')).toBe(true);
    expect((await app.get(EventStore).read(orderDeliveriesStream(order.orderId))).version).toBe(2n);
    expect((await post(olga, `/deliveries/${deliveryId}/dispatch`)).body).toMatchObject({ statusCode: 409, code: 'DELIVERY.CANCELLED' });
    expect((await get(olga, `/deliveries?orderId=${order.orderId}&status=cancelled`)).body).toEqual([expect.objectContaining({ id: deliveryId, late: false })]);

    const early = approved();
    await bus.publish([cancellation(early.orderId)]);
    await bus.publish([envelopeOf(OrderApproved, early, headers())]);
    const { events } = await app.get(EventStore).read(orderDeliveriesStream(early.orderId));
    expect(events.map((e) => e.type)).toEqual(['OrderDeliveriesCancelled']);
    expect(published.scheduled.some((s) => s.orderId === early.orderId)).toBe(false);
  });

  it('scores OTIF against the original promised date, for supplier staff any company, for customers their own', async () => {
    // first: on time, 2 damaged; two never dispatched; split part 1: on time in full; part 2: in full, two days after the original promise
    const expected = { companyId: ACME, period: '2026-03', onTimeBasis: 'original-promised-date', deliveries: 5, onTime: 2, inFull: 2, otif: 1, otifRate: '0.2000', open: 2 };
    expect((await get(rosa, '/deliveries/otif?period=2026-03')).body).toEqual({ ...expected, from: '2026-03-01', to: '2026-03-31' });
    expect((await get(sam, `/deliveries/otif?period=2026-03&companyId=${ACME}`)).body).toMatchObject(expected);
    expect((await get(otto, `/deliveries/otif?period=2026-03&companyId=${ACME}`)).status).toBe(404);
    expect((await get(otto, '/deliveries/otif?period=2026-03')).body).toMatchObject({ companyId: OTHER, deliveries: 0, otifRate: '0.0000' });
    expect((await get(sam, '/deliveries/otif?period=2026-13')).status).toBe(400);
  });
});
