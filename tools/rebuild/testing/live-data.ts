import { randomUUID } from 'node:crypto';
import { ApiClient, draftWhenKnown, eventually, inviter, type Reply } from '@b2b/e2e';
import type { FixedClock } from '@b2b/kernel';
import { ADMIN } from './live-services.js';

type Id = { readonly id: string };

const must = <T>(reply: Reply<T>, status: number, what: string): Reply<T> => {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
};
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Accounts, products (listed, revised, deactivated) and a signed agreement: what the catalog and agreements project. */
export const produceCatalogAndAgreements = async (baseUrl: string) => {
  const run = randomUUID().slice(0, 8);
  const anon = new ApiClient(baseUrl);
  const me = must(await anon.post<{ accessToken: string; user: { companyId: string } }>('/auth/token', { email: ADMIN.email, password: ADMIN.password }), 200, 'admin sign-in');
  const admin = anon.as(me.body.accessToken);
  const invite = inviter(admin, run);
  const supplierId = me.body.user.companyId;
  const sales = await invite(supplierId, 'sven', ['sales']);
  const [bolt, nut, drill, old] = ['BOLT', 'NUT', 'DRILL', 'OLD'].map((s) => `${s}-${run}`) as [string, string, string, string];
  const header = 'sku,typeNumber,name,description,category,unit,listPrice,currency';
  const csv = (drillName: string) => [header, `${bolt},DIN 933 M10,Hex bolt M10,,fasteners,piece,1.50,EUR`, `${nut},DIN 934 M10,Hex nut M10,,fasteners,piece,0.20,EUR`,
    `${drill},HD-20V,${drillName},,tools,piece,120.00,EUR`, `${old},OLD-1,Old part,,tools,piece,9.00,EUR`].join('\n');
  must(await admin.request('POST', '/products/import', csv('Drill'), { 'content-type': 'text/csv' }), 200, 'product import');
  must(await admin.request('POST', '/products/import', csv('Cordless drill 20 V'), { 'content-type': 'text/csv' }), 200, 'product revision');
  must(await admin.post(`/products/${old}/deactivate`, { reason: 'discontinued' }), 200, 'product deactivation');

  const company = must(await sales.post<Id & { locations: Id[] }>('/companies', { name: `Hooli ${run}`, locations: [{ name: 'Campus', address: '1 Hooli Way' }, { name: 'Depot', address: '2 Dock St' }] }), 201, 'company').body;
  const paul = await invite(company.id, 'paul', ['procurement']);
  const leaver = must(await admin.post<Id>(`/companies/${company.id}/users`, { email: `leaver-${run}@example.com`, name: 'leaver', roles: ['requester'], password: 'secret-password' }), 201, 'invite');
  must(await admin.post(`/companies/${company.id}/users/${leaver.body.id}/deactivate`, { reason: 'left the company' }), 200, 'user deactivation');
  const drafted = (await draftWhenKnown(sales, {
    companyId: company.id, title: `Hooli frame ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
    paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 2, deliveryWeekdays: [1, 2, 3, 4, 5] },
    prices: [{ sku: bolt, unitPrice: '1.20', tiers: [{ minQty: 1000, unitPrice: '1.00' }] }],
    assortment: { skus: [nut, drill], categories: [] },
    approvalPolicy: { levels: [{ minTotal: '500', role: 'approver' }] },
  })) as Reply<Id>;
  must(drafted, 201, 'agreement draft');
  must(await sales.post(`/agreements/${drafted.body.id}/sign`), 200, 'sales signature');
  must(await paul.post(`/agreements/${drafted.body.id}/sign`), 200, 'procurement signature');
  return { run, admin, invite, supplierId, sales, company, skus: { bolt, nut, drill } };
};

/** Orders in every state from draft to invoiced and paid, approvals decided every way, delegations and
 *  settings, deliveries rescheduled, dispatched and received, invoices with payments and credit notes,
 *  quotes and order lists, a closed month: every projection of every service gets rows. The services'
 *  clock starts at the real time (dates here are relative to it) and is moved into the next month to
 *  close this one. */
export const produceLiveData = async (baseUrl: string, clock: FixedClock): Promise<void> => {
  const { invite, supplierId, sales, company, skus: { bolt, nut, drill } } = await produceCatalogAndAgreements(baseUrl);
  const ops = await invite(supplierId, 'olga', ['supplier-ops']);
  const finance = await invite(supplierId, 'fiona', ['supplier-finance']);
  const rita = await invite(company.id, 'rita', ['requester']);
  const anna = await invite(company.id, 'anna', ['approver']);
  await invite(company.id, 'alex', ['approver']); // anna's delegate
  const carla = await invite(company.id, 'carla', ['company-admin']);
  const rex = await invite(company.id, 'rex', ['receiver']);
  const locationId = company.locations[0]!.id;

  const order = async (lines: { sku: string; quantity: number }[]): Promise<string> =>
    (await eventually(async () => {
      const reply = await rita.post<Id>('/orders', { locationId, requestedDeliveryDate: day(14), lines });
      return reply.status === 201 ? reply : null;
    }, 'the agreement, products and location in ordering')).body.id;
  const submitted = async (lines: { sku: string; quantity: number }[]): Promise<string> => {
    const id = await order(lines);
    must(await rita.post(`/orders/${id}/submit`), 200, 'submit');
    return id;
  };
  const stepOf = (orderId: string) =>
    eventually(async () => ((await anna.get('/approvals/inbox')).body as { id: string; orderId: string }[]).find((s) => s.orderId === orderId), 'the approval step');
  const status = (orderId: string, wanted: string) => eventually(async () => (await rita.get<{ status: string }>(`/orders/${orderId}`)).body.status === wanted, `order ${orderId} ${wanted}`);
  const deliveryOf = (orderId: string) =>
    eventually(async () => ((await ops.get(`/deliveries?orderId=${orderId}`)).body as { id: string; promisedDate: string }[])[0], 'the scheduled delivery');

  const draft = await order([{ sku: bolt, quantity: 10 }]);
  must(await rita.request('PUT', `/orders/${draft}/lines`, { lines: [{ sku: bolt, quantity: 20 }, { sku: nut, quantity: 5 }] }), 200, 'lines');
  await submitted([{ sku: bolt, quantity: 600 }]); // stays pending-approval

  const rejected = await submitted([{ sku: bolt, quantity: 601 }]);
  must(await anna.post(`/approvals/${(await stepOf(rejected)).id}/reject`, { reason: 'too many' }), 200, 'reject');
  const changes = await submitted([{ sku: bolt, quantity: 602 }]);
  must(await anna.post(`/approvals/${(await stepOf(changes)).id}/request-changes`, { comment: 'split it' }), 200, 'request changes');
  const cancelled = await submitted([{ sku: bolt, quantity: 603 }]);
  must(await carla.post(`/orders/${cancelled}/cancel`, { reason: 'budget' }), 200, 'cancel');

  const approved = await submitted([{ sku: bolt, quantity: 700 }]);
  must(await anna.post(`/approvals/${(await stepOf(approved)).id}/approve`, { comment: 'fine' }), 200, 'approve');
  const rescheduled = await deliveryOf(approved);
  const later = new Date(Date.parse(`${rescheduled.promisedDate}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  must(await ops.post(`/deliveries/${rescheduled.id}/reschedule`, { promisedDate: later, reason: 'stock' }), 200, 'reschedule');

  const fulfilled = await submitted([{ sku: nut, quantity: 100 }]); // under every level: approved at once
  const delivery = await deliveryOf(fulfilled);
  must(await ops.post(`/deliveries/${delivery.id}/dispatch`, { carrier: 'DHL', trackingReference: 'JD-1' }), 200, 'dispatch');
  must(await rex.post(`/deliveries/${delivery.id}/receipt`, { lines: [{ sku: nut, quantityReceived: 60 }] }), 201, 'receipt');
  must(await rex.post(`/deliveries/${delivery.id}/receipt`, { lines: [{ sku: nut, quantityReceived: 40 }] }), 201, 'receipt');
  await status(fulfilled, 'invoiced');
  const invoice = await eventually(async () => ((await finance.get(`/invoices?companyId=${company.id}`)).body as { id: string; status: string }[]).find((i) => i.status !== 'blocked'), 'the invoice');
  must(await finance.post(`/invoices/${invoice.id}/payments`, { amount: '5.00', paidAt: day(0) }), 201, 'payment');
  must(await finance.post(`/invoices/${invoice.id}/credit-notes`, { lines: [{ sku: nut, quantity: 5, reason: 'damaged' }] }), 201, 'credit note');
  must(await finance.request('PUT', '/invoicing/vat-rates', { category: 'tools', rate: '7' }), 200, 'VAT rate');

  const quote = must(await rita.post<Id>('/orders/quotes', { lines: [{ sku: drill, quantity: 5 }] }), 201, 'quote request').body.id;
  must(await sales.post(`/orders/quotes/${quote}/answer`, { prices: [{ sku: drill, unitPrice: '99.00' }], currency: 'EUR', validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() }), 200, 'quote');
  must(await rita.post('/orders/quotes', { lines: [{ sku: drill, quantity: 1 }] }), 201, 'quote request');
  const weekly = must(await rita.post<Id>('/orders/lists', { name: 'Weekly', lines: [{ sku: bolt, quantity: 50 }] }), 201, 'order list').body.id;
  must(await rita.request('PUT', `/orders/lists/${weekly}`, { name: 'Weekly (new)', lines: [{ sku: nut, quantity: 5 }] }), 200, 'order list change');
  const gone = must(await rita.post<Id>('/orders/lists', { name: 'Once', lines: [{ sku: bolt, quantity: 1 }] }), 201, 'order list').body.id;
  must(await rita.request('DELETE', `/orders/lists/${gone}`), 204, 'order list deletion');

  const alexId = ((await carla.get(`/companies/${company.id}/users`)).body as { id: string; email: string }[]).find((u) => u.email.startsWith('alex-'))!.id;
  const delegation = must(await anna.post<Id>('/approvals/delegations', { delegateUserId: alexId, from: day(0), to: day(7) }), 201, 'delegation').body.id;
  must(await anna.post('/approvals/delegations', { delegateUserId: alexId, from: day(10), to: day(12) }), 201, 'delegation');
  must(await anna.post(`/approvals/delegations/${delegation}/revoke`), 200, 'revocation');
  must(await carla.request('PUT', '/approvals/settings', { slaHours: 24, reminderHours: 8 }), 200, 'approval settings');

  const period = clock.now().toISOString().slice(0, 7);
  clock.set(new Date(Date.UTC(clock.now().getUTCFullYear(), clock.now().getUTCMonth() + 1, 2, 9)));
  must(await finance.post('/invoicing/close', { period }), 200, 'period close');
};
