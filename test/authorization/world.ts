import { CUSTOMER_ROLES, SUPPLIER_ROLES, type CustomerRole, type SupplierRole } from '@b2b/kernel';
import { ApiClient, draftWhenKnown, eventually, type Reply } from '../api-client.js';

/** What the authorization matrix runs against: the supplier with one user per supplier role, and two
 *  customer companies A and B, each with one user per customer role (and a spare user to deactivate)
 *  and one resource of every kind, in the states the operations act on. Seeded through the public API. */
export interface User {
  readonly id: string;
  readonly client: ApiClient;
}

export interface Company {
  readonly key: 'A' | 'B';
  readonly id: string;
  readonly locations: readonly string[];
  readonly users: Readonly<Record<CustomerRole, User>>;
  readonly spare: User;
  readonly agreementId: string;
  readonly orders: { readonly lines: string; readonly submit: string; readonly cancel: string; readonly pending: string; readonly scheduled: string; readonly dispatched: string; readonly invoiced: string };
  /** Level-1 (approver) steps of three orders waiting for approval: one per kind of decision. */
  readonly steps: { readonly changes: string; readonly reject: string; readonly approve: string };
  readonly deliveries: { readonly scheduled: string; readonly dispatched: string; readonly received: string };
  readonly invoiceId: string;
  readonly quoteId: string;
  readonly listId: string;
  readonly delegationId: string;
  readonly costCenter: string;
}

export interface World {
  readonly run: string;
  readonly anon: ApiClient;
  readonly supplierId: string;
  readonly staff: Readonly<Record<SupplierRole, User>>;
  /** A second supplier admin, not one of the matrix's actors: reads the checks, whatever the rows did to the actors' own accounts. */
  readonly auditor: User;
  /** SKUs: two ordered by both companies, one spare the matrix revises, deactivates and activates again. */
  readonly skus: { readonly bolt: string; readonly nut: string; readonly spare: string };
  readonly a: Company;
  readonly b: Company;
  readonly today: string;
  readonly period: string;
}

const WAIT_MS = 90_000;
const day = (plusDays = 0): string => new Date(Date.now() + plusDays * 86_400_000).toISOString().slice(0, 10);

const expectStatus = <T>(reply: Reply<T>, status: number, what: string): T => {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

const invite = async (by: ApiClient, anon: ApiClient, companyId: string, email: string, roles: string[]): Promise<User> => {
  const created = expectStatus(await by.post<{ id: string }>(`/companies/${companyId}/users`, { email, name: email.split('@')[0], roles, password: 'secret-password' }), 201, `invite ${email}`);
  return { id: created.id, client: await anon.login(email, 'secret-password') };
};

/** Ordering learns agreements, products and locations from events: a first order may be refused until they arrived. */
const draftOrder = (requester: ApiClient, body: object): Promise<string> =>
  eventually(async () => {
    const reply = await requester.post<{ id: string; message?: string }>('/orders', body);
    if (reply.status === 201) return reply.body.id;
    if (reply.status === 422 && /no agreement in force|not a location|not in the catalog|not orderable/i.test(JSON.stringify(reply.body))) return null;
    throw new Error(`POST /orders: ${reply.status} ${JSON.stringify(reply.body)}`);
  }, 'the agreement, products and locations in ordering', WAIT_MS);

const statusOf = (as: ApiClient, orderId: string, status: string): Promise<true> =>
  eventually(async () => (await as.get<{ status: string }>(`/orders/${orderId}`)).body.status === status, `order ${orderId} ${status}`, WAIT_MS);

const seedCompany = async (key: 'A' | 'B', w: { run: string; anon: ApiClient; admin: ApiClient; staff: Record<SupplierRole, User>; bolt: string; nut: string }): Promise<Company> => {
  const { run, anon, admin, staff } = w;
  const sales = staff.sales.client;
  const ops = staff['supplier-ops'].client;
  const company = expectStatus(await sales.post<{ id: string; locations: { id: string }[] }>('/companies', {
    name: `Matrix ${key} ${run}`, locations: [{ name: `${key} plant`, address: `${key} street 1` }, { name: `${key} depot`, address: `${key} street 2` }],
  }), 201, `company ${key}`);
  const email = (who: string): string => `${who}-${key.toLowerCase()}-${run}@example.com`;
  const companyAdmin = await invite(admin, anon, company.id, email('company-admin'), ['company-admin']);
  const others = await Promise.all(CUSTOMER_ROLES.filter((r) => r !== 'company-admin').map(async (role) => [role, await invite(companyAdmin.client, anon, company.id, email(role), [role])] as const));
  const users = Object.fromEntries([['company-admin', companyAdmin], ...others]) as Record<CustomerRole, User>;
  const spare = await invite(companyAdmin.client, anon, company.id, email('spare'), ['requester']);

  const year = new Date().getUTCFullYear();
  const drafted = expectStatus(await draftWhenKnown(sales, {
    companyId: company.id, title: `Matrix ${key} ${run}`, currency: 'EUR', validFrom: `${year - 1}-01-01`, validTo: `${year + 3}-12-31`,
    paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2, 3, 4, 5, 6, 7] },
    prices: [{ sku: w.bolt, unitPrice: '1.00' }, { sku: w.nut, unitPrice: '0.50' }], approvalPolicy: { levels: [{ minTotal: '1', role: 'approver' }] },
  }), 201, `agreement of ${key}`);
  expectStatus(await sales.post(`/agreements/${drafted.id}/sign`), 200, 'sales signs');
  expectStatus(await users.procurement.client.post(`/agreements/${drafted.id}/sign`), 200, 'procurement signs');

  const requester = users.requester.client;
  const approver = users.approver.client;
  const costCenter = `CC-${key}`;
  const orderBody = { locationId: company.locations[0]!.id, requestedDeliveryDate: day(3), costCenter, lines: [{ sku: w.bolt, quantity: 10 }, { sku: w.nut, quantity: 4 }] };
  const first = await draftOrder(requester, orderBody);
  const [cancel, pending, rejectable, approvable, scheduled, dispatched, invoiced] = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => draftOrder(requester, orderBody)));
  const stepOf = (orderId: string): Promise<string> =>
    eventually(async () => (await approver.get<{ id: string; orderId: string }[]>('/approvals/inbox')).body.find((s) => s.orderId === orderId)?.id, `the approval step of ${orderId}`, WAIT_MS);
  const deliveryOf = (orderId: string): Promise<string> =>
    eventually(async () => (await ops.get<{ id: string }[]>(`/deliveries?orderId=${orderId}`)).body[0]?.id, `the delivery of ${orderId}`, WAIT_MS);
  for (const orderId of [pending!, rejectable!, approvable!, scheduled!, dispatched!, invoiced!]) expectStatus(await requester.post(`/orders/${orderId}/submit`), 200, 'submit');
  const steps = { changes: await stepOf(pending!), reject: await stepOf(rejectable!), approve: await stepOf(approvable!) };
  const delivered = await Promise.all([scheduled!, dispatched!, invoiced!].map(async (orderId) => {
    expectStatus(await approver.post(`/approvals/${await stepOf(orderId)}/approve`, { comment: 'fine' }), 200, 'approve');
    await statusOf(requester, orderId, 'scheduled');
    return deliveryOf(orderId);
  }));
  const [scheduledDelivery, dispatchedDelivery, receivedDelivery] = delivered as [string, string, string];
  for (const id of [dispatchedDelivery, receivedDelivery]) expectStatus(await ops.post(`/deliveries/${id}/dispatch`, { carrier: 'DHL' }), 200, 'dispatch');
  expectStatus(await users.receiver.client.post(`/deliveries/${receivedDelivery}/receipt`, { lines: [{ sku: w.bolt, quantityReceived: 10 }, { sku: w.nut, quantityReceived: 4 }] }), 201, 'receipt');
  await statusOf(requester, invoiced!, 'invoiced');
  const invoiceId = await eventually(async () => (await staff['supplier-finance'].client.get<{ id: string; number: string | null }[]>(`/invoices?companyId=${company.id}`)).body.find((i) => i.number)?.id, `the invoice of ${key}`, WAIT_MS);

  const quote = expectStatus(await users.procurement.client.post<{ id: string }>('/orders/quotes', { lines: [{ sku: w.bolt, quantity: 500 }], note: 'matrix' }), 201, 'quote request');
  await eventually(async () => (await sales.post(`/orders/quotes/${quote.id}/answer`, { prices: [{ sku: w.bolt, unitPrice: '0.90' }], currency: 'EUR', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() })).status === 200, 'the quote answered', WAIT_MS);
  const list = expectStatus(await requester.post<{ id: string }>('/orders/lists', { name: 'Matrix list', lines: [{ sku: w.bolt, quantity: 5 }] }), 201, 'order list');
  expectStatus(await companyAdmin.client.request('PUT', '/orders/budgets', { costCenter, period: day().slice(0, 7), limit: '100000.00' }), 200, 'budget');
  const delegation = expectStatus(await approver.post<{ id: string }>('/approvals/delegations', { delegateUserId: companyAdmin.id, from: day(), to: day(14) }), 201, 'delegation');

  return {
    key, id: company.id, locations: company.locations.map((l) => l.id), users, spare, agreementId: drafted.id,
    orders: { lines: first, submit: first, cancel: cancel!, pending: pending!, scheduled: scheduled!, dispatched: dispatched!, invoiced: invoiced! },
    steps, deliveries: { scheduled: scheduledDelivery, dispatched: dispatchedDelivery, received: receivedDelivery }, invoiceId,
    quoteId: quote.id, listId: list.id, delegationId: delegation.id, costCenter,
  };
};

export const seedWorld = async (target: { baseUrl: string; adminEmail: string; adminPassword: string }, run: string): Promise<World> => {
  const anon = new ApiClient(target.baseUrl);
  const token = expectStatus(await anon.post<{ accessToken: string; user: { id: string; companyId: string } }>('/auth/token', { email: target.adminEmail, password: target.adminPassword }), 200, 'admin sign-in');
  const admin = anon.as(token.accessToken);
  const supplierId = token.user.companyId;
  const invited = await Promise.all(SUPPLIER_ROLES.filter((r) => r !== 'supplier-admin').map(async (role) => [role, await invite(admin, anon, supplierId, `${role}-${run}@example.com`, [role])] as const));
  const staff = Object.fromEntries([['supplier-admin', { id: token.user.id, client: admin }], ...invited]) as Record<SupplierRole, User>;
  const auditor = await invite(admin, anon, supplierId, `auditor-${run}@example.com`, ['supplier-admin']);
  const skus = { bolt: `MBOLT-${run}`, nut: `MNUT-${run}`, spare: `MSPARE-${run}` };
  for (const [sku, listPrice] of [[skus.bolt, '1.20'], [skus.nut, '0.60'], [skus.spare, '9.00']] as const) {
    expectStatus(await admin.post('/products', { sku, typeNumber: `T-${sku}`, name: `Matrix ${sku}`, description: 'matrix', category: 'fasteners', unit: 'piece', listPrice, currency: 'EUR' }), 201, `product ${sku}`);
  }
  const [a, b] = await Promise.all((['A', 'B'] as const).map((key) => seedCompany(key, { run, anon, admin, staff, bolt: skus.bolt, nut: skus.nut })));
  return { run, anon, supplierId, staff, auditor, skus, a: a!, b: b!, today: day(), period: day().slice(0, 7) };
};
