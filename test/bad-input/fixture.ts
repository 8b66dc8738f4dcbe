import { expect } from '@jest/globals';
import { ApiClient, draftWhenKnown, eventually } from '../api-client.js';
import { inviteWithId } from '../journey.support.js';

/** Who sends a case: supplier staff, company A's people (one per role), company B's people. */
export type Who =
  | 'anon' | 'admin' | 'sales' | 'ops' | 'supplierFinance'
  | 'carla' | 'paula' | 'rita' | 'adam' | 'fay' | 'rex'
  | 'bob' | 'bea';

/** What the corpus refers to: company A owns one of every resource, company B only its people and agreement. */
export interface Fixture {
  readonly run: string;
  readonly clients: Record<Who, ApiClient>;
  readonly supplierId: string;
  readonly a: { readonly id: string; readonly locationId: string; readonly agreementId: string };
  readonly b: { readonly id: string; readonly locationId: string; readonly agreementId: string };
  readonly users: { readonly adam: string; readonly fay: string; readonly rita: string; readonly bob: string };
  readonly skus: readonly [string, string, string];
  readonly day: string; // a requested delivery day in the future
  readonly period: string; // the running month
  readonly orders: { readonly draft: string; readonly pending: string; readonly delivered: string; readonly scheduled: string };
  readonly stepId: string;
  readonly deliveries: { readonly scheduled: string; readonly received: string };
  readonly invoiceId: string;
  readonly quoteId: string;
  readonly listId: string;
  readonly delegationId: string;
}

const addDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Seeds, through the public API, two customer companies with a user of each role, products, an agreement
 *  each, and for company A an order in each of draft, pending approval (its step) and scheduled, one
 *  received and invoiced, a quote answered by sales, a saved list, a delegation and a budget. */
export const seedFixture = async (baseUrl: string, adminEmail: string, adminPassword: string, run: string, log: (line: string) => void = () => undefined): Promise<Fixture> => {
  const started = Date.now();
  const mark = (what: string) => log(`  seeded ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const anon = new ApiClient(baseUrl);
  const me = await anon.post('/auth/token', { email: adminEmail, password: adminPassword });
  expect(me.status).toBe(200);
  const admin = anon.as(me.body.accessToken);
  const supplierId = me.body.user.companyId as string;
  const invite = (by: ApiClient, companyId: string, who: string, roles: string[]) => inviteWithId(by, run)(companyId, `bi-${who}`, roles);
  const sales = await invite(admin, supplierId, 'sales', ['sales']);
  const ops = await invite(admin, supplierId, 'ops', ['supplier-ops']);
  const supplierFinance = await invite(admin, supplierId, 'fin', ['supplier-finance']);

  mark('supplier staff');
  const skus = ['BOLT', 'NUT', 'DRILL'].map((s) => `BI${s}-${run}`) as [string, string, string];
  const csv = ['sku,typeNumber,name,description,category,unit,listPrice,currency',
    `${skus[0]},BI-1 ${run},Bolt,,fasteners,piece,1.00,EUR`, `${skus[1]},BI-2 ${run},Nut,,fasteners,piece,0.50,EUR`, `${skus[2]},BI-3 ${run},Drill,,tools,piece,90.00,EUR`].join('\n');
  expect((await admin.request('POST', '/products/import', csv, { 'content-type': 'text/csv' })).status).toBe(200);

  mark('products');
  const company = async (label: string) => {
    const created = await sales.client.post('/companies', { name: `Bad input ${label} ${run}`, locations: [{ name: 'Plant', address: '1 Main St' }] });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, locationId: created.body.locations[0].id as string };
  };
  const companyA = await company('A');
  const companyB = await company('B');
  const carla = await invite(admin, companyA.id, 'carla', ['company-admin']);
  const paula = await invite(carla.client, companyA.id, 'paula', ['procurement']);
  const rita = await invite(carla.client, companyA.id, 'rita', ['requester']);
  const adam = await invite(carla.client, companyA.id, 'adam', ['approver']);
  const fay = await invite(carla.client, companyA.id, 'fay', ['finance', 'approver']);
  const rex = await invite(carla.client, companyA.id, 'rex', ['receiver']);
  const bob = await invite(admin, companyB.id, 'bob', ['company-admin', 'requester', 'approver', 'receiver', 'finance']);
  const bea = await invite(admin, companyB.id, 'bea', ['procurement']);

  mark('companies and people');
  const agreement = async (companyId: string, signer: ApiClient, levels: object[]) => {
    const drafted = await draftWhenKnown(sales.client, {
      companyId, title: `Bad input ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
      paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2, 3, 4, 5, 6, 7] },
      prices: [{ sku: skus[0], unitPrice: '1.00' }, { sku: skus[1], unitPrice: '0.50' }], assortment: { skus: [skus[2]], categories: [] },
      approvalPolicy: { levels },
    });
    expect(drafted.status).toBe(201);
    await sales.client.post(`/agreements/${drafted.body.id}/sign`);
    expect((await signer.post(`/agreements/${drafted.body.id}/sign`)).body).toMatchObject({ status: 'active' });
    return drafted.body.id as string;
  };
  const agreementA = await agreement(companyA.id, paula.client, [{ minTotal: '100', role: 'approver' }]);
  const agreementB = await agreement(companyB.id, bea.client, []);

  mark('agreements');
  const day = addDays(10);
  const order = async (quantity: number): Promise<string> => {
    const created = await eventually(async () => {
      const reply = await rita.client.post('/orders', { locationId: companyA.locationId, requestedDeliveryDate: day, lines: [{ sku: skus[0], quantity }] });
      return reply.status === 201 ? reply : null;
    }, 'the agreement, products and location in ordering', 60_000);
    return created.body.id as string;
  };
  const draft = await order(5);
  const pending = await order(500);
  expect((await rita.client.post(`/orders/${pending}/submit`)).body).toMatchObject({ status: 'pending-approval' });
  const step = await eventually(async () => ((await adam.client.get('/approvals/inbox')).body as { id: string; orderId: string }[]).find((s) => s.orderId === pending), 'the approval step', 60_000);
  const deliveryOf = (orderId: string) => eventually(async () => ((await ops.client.get(`/deliveries?orderId=${orderId}`)).body as { id: string }[])[0], 'the scheduled delivery', 60_000);
  mark('a draft and a pending order');
  const scheduled = await order(10);
  expect((await rita.client.post(`/orders/${scheduled}/submit`)).body).toMatchObject({ status: 'approved' });
  const delivered = await order(20);
  expect((await rita.client.post(`/orders/${delivered}/submit`)).body).toMatchObject({ status: 'approved' });
  const scheduledDelivery = (await deliveryOf(scheduled)).id;
  const receivedDelivery = (await deliveryOf(delivered)).id;
  expect((await ops.client.post(`/deliveries/${receivedDelivery}/dispatch`, { carrier: 'DHL' })).status).toBe(200);
  await eventually(async () => (await rex.client.post(`/deliveries/${receivedDelivery}/receipt`, { lines: [{ sku: skus[0], quantityReceived: 20 }] })).status === 201, 'the receipt', 60_000);
  const invoice = await eventually(async () => ((await supplierFinance.client.get(`/invoices?companyId=${companyA.id}`)).body as { id: string; status: string }[]).find((i) => i.status !== 'blocked'), 'the invoice', 60_000);

  mark('a scheduled and an invoiced order');
  const quote = await rita.client.post('/orders/quotes', { lines: [{ sku: skus[2], quantity: 3 }] });
  expect(quote.status).toBe(201);
  const validUntil = new Date(Date.now() + 7 * 86_400_000).toISOString();
  await eventually(async () => (await sales.client.post(`/orders/quotes/${quote.body.id}/answer`, { prices: [{ sku: skus[2], unitPrice: '80.00' }], currency: 'EUR', validUntil })).status === 200, 'the quote answered', 60_000);
  const list = await rita.client.post('/orders/lists', { name: 'Weekly', lines: [{ sku: skus[1], quantity: 10 }] });
  expect(list.status).toBe(201);
  const delegation = await adam.client.post('/approvals/delegations', { delegateUserId: fay.id, from: addDays(30), to: addDays(40) });
  expect(delegation.status).toBe(201);
  const period = new Date().toISOString().slice(0, 7);
  expect((await carla.client.request('PUT', '/orders/budgets', { costCenter: 'CC-1', period, limit: '1000.00' })).status).toBe(200);

  mark('quote, list, delegation, budget');
  return {
    run, supplierId, skus, day, period,
    clients: {
      anon, admin, sales: sales.client, ops: ops.client, supplierFinance: supplierFinance.client,
      carla: carla.client, paula: paula.client, rita: rita.client, adam: adam.client, fay: fay.client, rex: rex.client, bob: bob.client, bea: bea.client,
    },
    a: { ...companyA, agreementId: agreementA },
    b: { ...companyB, agreementId: agreementB },
    users: { adam: adam.id, fay: fay.id, rita: rita.id, bob: bob.id },
    orders: { draft, pending, delivered, scheduled },
    stepId: step.id,
    deliveries: { scheduled: scheduledDelivery, received: receivedDelivery },
    invoiceId: invoice.id,
    quoteId: quote.body.id as string,
    listId: list.body.id as string,
    delegationId: delegation.body.id as string,
  };
};
