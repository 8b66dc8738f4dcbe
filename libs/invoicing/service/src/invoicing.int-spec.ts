import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService, authConfig } from '@b2b/auth';
import {
  AgreementActivated, CompanyRegistered, GoodsReceived, InvoiceIssued, OrderApproved, ProductListed, envelopeOf,
  type AgreementActivatedV1, type AnyContract, type GoodsReceivedV1, type InvoiceIssuedV1, type OrderApprovedV1, type PayloadOf,
} from '@b2b/contracts';
import { FixedClock, type Actor } from '@b2b/kernel';
import { InProcessBus } from '@b2b/messaging';
import { waitFor } from '@b2b/messaging/testing';
import { PlatformModule, ServiceRuntime, createHttpApp, openServiceInfrastructure } from '@b2b/nest';
import { createTestDatabase } from '@b2b/testing';
import { InvoicingModule } from './invoicing.module.js';
import { InvoicingConfig, InvoicingSettings } from './invoicing.config.js';
import { checkUblInvoice } from './testing/ubl-check.js';
import { findAll, textOf } from './testing/xml-reader.js';

/** The invoicing service on its own: a fresh PostgreSQL database for events and read models, the
 *  in-process bus standing in for agreements, catalog, ordering and delivery, HTTP with real tokens. */
const SUPPLIER = randomUUID();
const ACME = randomUUID();
const BETA = randomUUID();
const person = (roles: Actor['roles'], companyId: string): Actor => ({ userId: randomUUID(), companyId, roles });
const fiona = person(['supplier-finance'], SUPPLIER);
const sam = person(['sales'], SUPPLIER);
const alice = person(['finance'], ACME);
const bert = person(['finance'], BETA);

const clock = new FixedClock(new Date('2026-03-02T08:00:00.000Z'));
const bus = new InProcessBus({ retryDelayMs: 20 });
const issuedEvents: InvoiceIssuedV1[] = [];
let app: NestFastifyApplication;
let baseUrl: string;
let dropDatabase: () => Promise<void>;

type Reply = { status: number; body: any; text: string; type: string }; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = async (actor: Actor, method: string, path: string, body?: object): Promise<Reply> => {
  const token = app.get(TokenService).sign(actor);
  const res = await fetch(`${baseUrl}/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, text, type, body: type.includes('json') && text ? JSON.parse(text) : null };
};
const get = (actor: Actor, path: string) => call(actor, 'GET', path);
const post = (actor: Actor, path: string, body: object = {}) => call(actor, 'POST', path, body);

const publish = <C extends AnyContract>(contract: C, payload: PayloadOf<C>, eventId = randomUUID()) =>
  bus.publish([envelopeOf(contract, payload, { eventId, correlationId: randomUUID(), causationId: null, actor: null, occurredAt: clock.now().toISOString() })]);
const settled = () => app.get(ServiceRuntime).settled();

const agreement = async (companyId: string, invoicing: 'per-order' | 'monthly', netDays = 30): Promise<AgreementActivatedV1> => {
  const a: AgreementActivatedV1 = {
    agreementId: randomUUID(), companyId, version: 1, title: `Frame ${invoicing}`, currency: 'EUR', validFrom: '2024-01-01T00:00:00.000Z', validTo: '2027-12-31T00:00:00.000Z',
    paymentTerms: { netDays, invoicing }, deliveryTerms: { leadTimeDays: 3, deliveryWeekdays: [1, 2, 3, 4, 5] }, prices: [], approvalPolicy: { levels: [] },
    activatedAt: '2024-01-01T00:00:00.000Z', activatedBy: { userId: randomUUID(), companyId, role: 'procurement' },
  };
  await publish(AgreementActivated, a);
  return a;
};
const approve = async (a: AgreementActivatedV1, lines: OrderApprovedV1['lines'], over: Partial<OrderApprovedV1> = {}): Promise<OrderApprovedV1> => {
  const order: OrderApprovedV1 = {
    orderId: randomUUID(), companyId: a.companyId, locationId: randomUUID(), agreementId: a.agreementId, agreementVersion: a.version, total: '1.00', currency: 'EUR',
    lines, requestedDeliveryDate: '2026-03-20T00:00:00.000Z', approvedAt: clock.now().toISOString(), ...over,
  };
  await publish(OrderApproved, order);
  return order;
};
const receive = async (order: OrderApprovedV1, lines: GoodsReceivedV1['lines'], over: Partial<GoodsReceivedV1> = {}): Promise<GoodsReceivedV1> => {
  const receipt: GoodsReceivedV1 = {
    receiptId: randomUUID(), deliveryId: randomUUID(), orderId: order.orderId, companyId: order.companyId, lines, deliveryClosed: true, orderFullyReceived: true,
    promisedDate: '2026-03-10', receivedAt: clock.now().toISOString(), receivedBy: { userId: randomUUID(), companyId: order.companyId, role: 'receiver' }, ...over,
  };
  await publish(GoodsReceived, receipt);
  return receipt;
};
const line = (sku: string, quantity: number, unitPrice: string) => ({ sku, quantity, unitPrice, lineTotal: '0' });
const invoicesOf = async (actor: Actor, companyId: string) => (await get(actor, `/invoices?companyId=${companyId}`)).body as { id: string; number: string | null; status: string; period?: string; total: string }[];
const issuedFor = (orderId: string) => waitFor(() => issuedEvents.find((e) => e.orderIds.includes(orderId)), `InvoiceIssued for ${orderId}`);

beforeAll(async () => {
  const database = await createTestDatabase('invoicing');
  dropDatabase = database.drop;
  await bus.subscribe({ group: 'test.invoices', contracts: [InvoiceIssued], handle: async (m) => void issuedEvents.push(m.payload as InvoiceIssuedV1) });
  const infrastructure = await openServiceInfrastructure({ service: 'invoicing', databaseUrl: database.url, eventStore: { kind: 'postgres' }, publisher: bus, subscriber: bus });
  const settings = InvoicingSettings.from(Object.assign(new InvoicingConfig(), { VAT_DEFAULT_RATE: '19' }));
  @Module({ imports: [PlatformModule.forRoot({ auth: authConfig('s'.repeat(40)), clock }), InvoicingModule.register(infrastructure, { settings })] })
  class TestModule {}
  app = await createHttpApp(TestModule, { title: 'invoicing', logger: false, docsUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const at = '2024-01-01T00:00:00.000Z';
  await publish(CompanyRegistered, { companyId: SUPPLIER, kind: 'supplier', name: 'Bolts & Nuts GmbH', locations: [{ id: randomUUID(), name: 'HQ', address: 'Industriestraße 1, Hamburg' }], registeredAt: at });
  await publish(CompanyRegistered, { companyId: ACME, kind: 'customer', name: 'ACME AG', locations: [{ id: randomUUID(), name: 'Plant', address: 'Hafenstraße 1, Bremen' }], registeredAt: at });
  await publish(CompanyRegistered, { companyId: BETA, kind: 'customer', name: 'Beta KG', locations: [], registeredAt: at });
  for (const [sku, category] of [['BOLT-M8', 'fasteners'], ['DRILL-10', 'tools'], ['BOOK-1', 'books']] as const) {
    await publish(ProductListed, { sku, category, name: `Product ${sku}`, unit: 'piece', listPrice: '1.00', currency: 'EUR', companyId: SUPPLIER, listedAt: at });
  }
});
afterAll(async () => {
  await app?.close();
  // pools end their clients asynchronously after close; dropping the database (with force) before the
  // last one is gone makes that client emit an unhandled 57P01 (seen after the 20 concurrent closes)
  await new Promise((resolve) => setTimeout(resolve, 500));
  await dropDatabase?.();
});

describe('invoicing service', () => {
  it('sets VAT rates per category (supplier-finance only)', async () => {
    expect((await call(sam, 'PUT', '/invoicing/vat-rates', { category: 'books', rate: '7' })).status).toBe(403);
    expect((await call(fiona, 'PUT', '/invoicing/vat-rates', { category: 'books', rate: '101' })).status).toBe(400);
    expect((await call(fiona, 'PUT', '/invoicing/vat-rates', { category: 'books', rate: '7' })).body).toEqual({ category: 'books', rate: '7' });
    expect((await get(sam, '/invoicing/vat-rates')).body).toEqual({ defaultRate: '19', rates: [{ category: 'books', rate: '7' }] });
  });

  it('issues a per-order invoice when the order is fully received; damaged goods are never invoiced', async () => {
    const terms = await agreement(BETA, 'per-order', 14);
    const order = await approve(terms, [line('BOLT-M8', 100, '0.4250'), line('BOOK-1', 10, '12.99')], { poNumber: 'PO-77' });
    await receive(order, [{ sku: 'BOLT-M8', quantityReceived: 60, quantityDamaged: 0 }], { orderFullyReceived: false, deliveryClosed: true });
    await settled();
    expect(await invoicesOf(fiona, BETA)).toEqual([]);
    await receive(order, [{ sku: 'BOLT-M8', quantityReceived: 40, quantityDamaged: 5 }, { sku: 'BOOK-1', quantityReceived: 10, quantityDamaged: 10 }]);
    const event = await issuedFor(order.orderId);
    expect(event).toMatchObject({ companyId: BETA, agreementId: terms.agreementId, orderIds: [order.orderId], issueDate: '2026-03-02', dueDate: '2026-03-16', currency: 'EUR' });
    expect(event.period).toBeUndefined();
    const invoice = (await get(bert, `/invoices/${event.invoiceId}`)).body;
    // 95 bolts (5 damaged) on two lines (per delivery), no books (all damaged): 25.50 + 14.88 (14.875); VAT 4.85 + 2.83
    expect(invoice).toMatchObject({
      id: event.invoiceId, number: event.number, companyId: BETA, status: 'issued', netTotal: '40.38', vatTotal: '7.68', total: '48.06', buyerReference: 'PO-77',
    });
    expect(invoice.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([['BOLT-M8', 60], ['BOLT-M8', 35]]);
    expect(event.number).toMatch(/^INV-2026-\d{6}$/);
    expect((await get(alice, `/invoices/${event.invoiceId}`)).status).toBe(404);
    expect((await get(alice, `/invoices/${randomUUID()}`)).status).toBe(404);
    expect(await invoicesOf(alice, BETA)).toEqual([]);
    expect((await invoicesOf(bert, BETA)).map((i) => i.id)).toEqual([event.invoiceId]);

    const ubl = await get(bert, `/invoices/${event.invoiceId}/ubl`);
    expect(ubl.type).toContain('application/xml');
    const root = checkUblInvoice(ubl.text);
    expect(textOf(root, 'cbc:ID')).toBe(event.number);
    expect(textOf(root, 'cbc:BuyerReference')).toBe('PO-77');
    expect(findAll(root, 'cac:InvoicePeriod')).toHaveLength(0);
    expect(textOf(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name')).toBe('Bolts & Nuts GmbH');
    const html = await get(bert, `/invoices/${event.invoiceId}/html`);
    expect(html.type).toContain('text/html');
    expect(html.text).toContain(`Invoice ${event.number}`);
  });

  it('blocks an invoice whose three-way match fails, with the reason, and numbers nothing', async () => {
    const terms = await agreement(BETA, 'per-order');
    const order = await approve(terms, [line('DRILL-10', 10, '89.90')]);
    await receive(order, [{ sku: 'DRILL-10', quantityReceived: 12, quantityDamaged: 0 }]);
    await settled();
    const blocked = (await invoicesOf(fiona, BETA)).find((i) => i.status === 'blocked')!;
    expect(blocked).toMatchObject({ number: null, status: 'blocked' });
    expect((await get(fiona, `/invoices/${blocked.id}`)).body.blockedReasons).toEqual([`order ${order.orderId} DRILL-10: ordered 10, received 12, invoiced 12`]);
    expect((await get(fiona, `/invoices/${blocked.id}/ubl`)).status).toBe(422);
    expect((await post(fiona, `/invoices/${blocked.id}/payments`, { amount: '1.00', paidAt: '2026-03-05' })).status).toBe(422);
    expect(issuedEvents.find((e) => e.orderIds.includes(order.orderId))).toBeUndefined();
  });

  it('invoices a receipt that arrived before its order approval once the approval arrives', async () => {
    const terms = await agreement(BETA, 'per-order');
    const orderId = randomUUID();
    const order = { orderId, companyId: BETA } as OrderApprovedV1;
    const receipt = await receive(order, [{ sku: 'BOLT-M8', quantityReceived: 10, quantityDamaged: 0 }]);
    await publish(GoodsReceived, receipt); // redelivered under another id: accrued once
    await settled();
    expect(issuedEvents.find((e) => e.orderIds.includes(orderId))).toBeUndefined();
    await approve(terms, [line('BOLT-M8', 10, '1.00')], { orderId });
    expect(await issuedFor(orderId)).toMatchObject({ total: '11.90' });
  });

  it('records partial and full payments and shows an unpaid invoice overdue after its due date', async () => {
    const terms = await agreement(BETA, 'per-order', 10);
    const order = await approve(terms, [line('BOLT-M8', 100, '1.00')]);
    await receive(order, [{ sku: 'BOLT-M8', quantityReceived: 100, quantityDamaged: 0 }]);
    const { invoiceId, dueDate } = await issuedFor(order.orderId);
    expect((await post(bert, `/invoices/${invoiceId}/payments`, { amount: '10.00', paidAt: '2026-03-03' })).status).toBe(403);
    expect((await post(fiona, `/invoices/${invoiceId}/payments`, { amount: '100.00', paidAt: '2026-03-03' })).status).toBe(201);
    await settled();
    expect((await get(bert, `/invoices/${invoiceId}`)).body).toMatchObject({ status: 'partially-paid', paidTotal: '100.00', openAmount: '19.00' });
    clock.set(`${dueDate}T23:00:00.000Z`);
    expect((await get(bert, `/invoices/${invoiceId}`)).body.status).toBe('partially-paid');
    clock.advance(3_600_000);
    expect((await get(bert, `/invoices/${invoiceId}`)).body.status).toBe('overdue');
    expect((await post(fiona, `/invoices/${invoiceId}/payments`, { amount: '19.01', paidAt: '2026-03-13' })).status).toBe(422);
    expect((await post(fiona, `/invoices/${invoiceId}/payments`, { amount: '19.00', paidAt: '2026-03-13' })).status).toBe(201);
    await settled();
    expect((await get(bert, `/invoices/${invoiceId}`)).body).toMatchObject({ status: 'paid', openAmount: '0.00', payments: [{ amount: '100.00' }, { amount: '19.00' }] });
    clock.set('2026-03-02T08:00:00.000Z');
  });

  it('issues credit notes for returned goods with their own gap-free numbers', async () => {
    const terms = await agreement(BETA, 'per-order');
    const order = await approve(terms, [line('BOLT-M8', 100, '0.50')]);
    await receive(order, [{ sku: 'BOLT-M8', quantityReceived: 100, quantityDamaged: 0 }]);
    const { invoiceId, number } = await issuedFor(order.orderId);
    const first = await post(fiona, `/invoices/${invoiceId}/credit-notes`, { lines: [{ sku: 'BOLT-M8', quantity: 10, reason: 'returned: wrong thread' }] });
    expect(first).toMatchObject({ status: 201, body: { number: 'CN-2026-000001', invoiceId, invoiceNumber: number, netTotal: '5.00', vatTotal: '0.95', total: '5.95' } });
    const second = await post(fiona, `/invoices/${invoiceId}/credit-notes`, { lines: [{ sku: 'BOLT-M8', quantity: 90, reason: 'damaged in storage' }] });
    expect(second.body.number).toBe('CN-2026-000002');
    expect((await post(fiona, `/invoices/${invoiceId}/credit-notes`, { lines: [{ sku: 'BOLT-M8', quantity: 1, reason: 'again' }] })).status).toBe(422);
    expect((await post(fiona, `/invoices/${invoiceId}/credit-notes`, { lines: [] })).status).toBe(400);
    await settled();
    expect((await get(bert, `/invoices/${invoiceId}`)).body).toMatchObject({ creditedTotal: '59.50', openAmount: '0.00', status: 'paid', creditNotes: [{ number: 'CN-2026-000001' }, { number: 'CN-2026-000002' }] });
  });

  it('closes a month: one consolidated invoice per company and agreement; closing twice issues nothing new; later receipts go to the next period', async () => {
    const frame = await agreement(ACME, 'monthly', 30);
    const tools = await agreement(ACME, 'monthly', 60);
    const o1 = await approve(frame, [line('BOLT-M8', 1000, '0.42')], { costCenter: 'CC-9' });
    const o2 = await approve(frame, [line('BOOK-1', 4, '12.99')]);
    const o3 = await approve(tools, [line('DRILL-10', 2, '89.90')]);
    await receive(o1, [{ sku: 'BOLT-M8', quantityReceived: 1000, quantityDamaged: 10 }], { receivedAt: '2026-03-05T10:00:00.000Z' });
    await receive(o2, [{ sku: 'BOOK-1', quantityReceived: 4, quantityDamaged: 0 }], { receivedAt: '2026-03-31T23:59:00.000Z' });
    await receive(o3, [{ sku: 'DRILL-10', quantityReceived: 2, quantityDamaged: 0 }], { receivedAt: '2026-03-20T10:00:00.000Z' });
    await settled();
    expect(await invoicesOf(fiona, ACME)).toEqual([]); // monthly: nothing before the close

    expect((await post(alice, '/invoicing/close', { period: '2026-03' })).status).toBe(403);
    expect((await post(fiona, '/invoicing/close', { period: '2026-3' })).status).toBe(400);
    expect((await post(fiona, '/invoicing/close', { period: '2026-04' })).status).toBe(422); // not ended
    clock.set('2026-04-01T06:00:00.000Z');
    const closed = await post(fiona, '/invoicing/close', { period: '2026-03' });
    expect(closed.status).toBe(200);
    expect(closed.body.issued).toHaveLength(2);
    const march = closed.body.invoices as { id: string; companyId: string; period: string; total: string; dueDate: string }[];
    expect(march.filter((i) => i.companyId === ACME)).toHaveLength(2);
    const frameInvoice = (await get(alice, `/invoices/${issuedEvents.find((e) => e.agreementId === frame.agreementId)!.invoiceId}`)).body;
    // 990 × 0.42 = 415.80 (VAT 79.00) + 4 × 12.99 = 51.96 at 7 % (3.64)
    expect(frameInvoice).toMatchObject({ period: '2026-03', issueDate: '2026-04-01', dueDate: '2026-05-01', netTotal: '467.76', vatTotal: '82.64', total: '550.40', buyerReference: 'CC-9' });
    expect(frameInvoice.lines.map((l: { orderId: string; quantity: number; vatRate: string }) => [l.orderId, l.quantity, l.vatRate])).toEqual([[o1.orderId, 990, '19'], [o2.orderId, 4, '7']]);
    const toolsEvent = issuedEvents.find((e) => e.agreementId === tools.agreementId)!;
    expect(toolsEvent).toMatchObject({ period: '2026-03', orderIds: [o3.orderId], total: '213.96', dueDate: '2026-05-31' });
    const ubl = checkUblInvoice((await get(alice, `/invoices/${frameInvoice.id}/ubl`)).text);
    expect([textOf(ubl, 'cac:InvoicePeriod/cbc:StartDate'), textOf(ubl, 'cac:InvoicePeriod/cbc:EndDate')]).toEqual(['2026-03-01', '2026-03-31']);
    expect(findAll(ubl, 'cac:InvoiceLine').map((l) => textOf(l, 'cac:DespatchLineReference/cac:DocumentReference/cbc:ID'))).toHaveLength(2);

    const again = await post(fiona, '/invoicing/close', { period: '2026-03' });
    expect(again.body.issued).toEqual([]);
    expect(again.body.invoices.map((i: { id: string }) => i.id).sort()).toEqual(march.map((i) => i.id).sort());

    // received in March, reported after March was closed: the April invoice takes it
    const o4 = await approve(frame, [line('BOLT-M8', 10, '0.42')]);
    await receive(o4, [{ sku: 'BOLT-M8', quantityReceived: 10, quantityDamaged: 0 }], { receivedAt: '2026-03-31T12:00:00.000Z' });
    expect((await post(fiona, '/invoicing/close', { period: '2026-03' })).body.issued).toEqual([]);
    clock.set('2026-05-01T06:00:00.000Z');
    const april = await post(fiona, '/invoicing/close', { period: '2026-04' });
    expect(april.body.invoices).toEqual([expect.objectContaining({ companyId: ACME, period: '2026-04', total: '5.00' })]);
    expect(issuedEvents.find((e) => e.period === '2026-04')!.orderIds).toEqual([o4.orderId]);

    const csv = await get(fiona, '/invoicing/export?period=2026-03');
    expect(csv.type).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^invoiceNumber,invoiceId,companyId,period/);
    expect(rows.filter((r) => r.includes(',2026-03,'))).toHaveLength(3);
    expect((await get(alice, '/invoicing/export?period=2026-03')).status).toBe(403);
    clock.set('2026-03-02T08:00:00.000Z');
  });

  it('numbers invoices without gaps or duplicates under 20 concurrent closes', async () => {
    const periods = Array.from({ length: 20 }, (_, k) => `${2024 + Math.floor((k + 4) / 12)}-${String(((k + 4) % 12) + 1).padStart(2, '0')}`);
    const companies = periods.map(() => randomUUID());
    for (const [k, period] of periods.entries()) {
      const terms = await agreement(companies[k]!, 'monthly');
      const order = await approve(terms, [line('BOLT-M8', 10, '1.00')]);
      await receive(order, [{ sku: 'BOLT-M8', quantityReceived: 10, quantityDamaged: 0 }], { receivedAt: `${period}-15T12:00:00.000Z` });
    }
    await settled();
    const before = issuedEvents.length;
    clock.set('2026-06-01T00:00:00.000Z');
    const replies = await Promise.all(periods.map((period) => post(fiona, '/invoicing/close', { period })));
    expect(replies.map((r) => r.status)).toEqual(periods.map(() => 200));
    for (const [k, reply] of replies.entries()) expect(reply.body.invoices).toEqual([expect.objectContaining({ companyId: companies[k], period: periods[k] })]);
    await waitFor(() => issuedEvents.length === before + 20, '20 more InvoiceIssued');
    const numbers = (await Promise.all([...new Set([ACME, BETA, ...companies])].map((c) => invoicesOf(fiona, c)))).flat().flatMap((i) => (i.number ? [i.number] : []));
    const sequence = numbers.map((n) => Number(n.slice('INV-2026-'.length))).sort((a, b) => a - b);
    expect(sequence).toEqual(sequence.map((_, k) => k + 1)); // 1..N: no gap, no duplicate
    expect(sequence.length).toBe(issuedEvents.length);
    clock.set('2026-03-02T08:00:00.000Z');
  });
});
