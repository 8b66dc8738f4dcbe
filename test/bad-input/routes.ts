import type { Fixture, Who } from './fixture.js';
import { future, header, product, terms, without, type BadInputCase, type Body, type Category } from './case.js';

const LONG = 'x'.repeat(100_000);

/** A write route with a body the route would accept: the families below spoil it one way at a time. */
interface WriteRoute {
  readonly name: string;
  readonly method: 'POST' | 'PUT';
  readonly path: (f: Fixture) => string;
  readonly as: Who;
  readonly valid: (f: Fixture) => Body;
  /** A free-text field (NUL, surrogates, long strings go there) and a required field (none where every field is optional). */
  readonly text: string;
  readonly required?: string;
}

const ROUTES: readonly WriteRoute[] = [
  { name: 'sign-in', method: 'POST', path: () => '/auth/token', as: 'anon', valid: () => ({ email: 'nobody@example.com', password: 'wrong-password' }), text: 'password', required: 'email' },
  { name: 'register company', method: 'POST', path: () => '/companies', as: 'sales', valid: (f) => ({ name: `X ${f.run}`, locations: [{ name: 'L', address: 'A' }] }), text: 'name', required: 'locations' },
  { name: 'invite user', method: 'POST', path: (f) => `/companies/${f.a.id}/users`, as: 'carla', valid: (f) => ({ email: `new-${f.run}@example.com`, name: 'New', roles: ['requester'], password: 'secret-password' }), text: 'name', required: 'roles' },
  { name: 'deactivate user', method: 'POST', path: (f) => `/companies/${f.a.id}/users/${f.users.fay}/deactivate`, as: 'carla', valid: () => ({ reason: 'left' }), text: 'reason' },
  { name: 'draft agreement', method: 'POST', path: () => '/agreements', as: 'sales', valid: (f) => ({ ...terms(f), companyId: f.a.id }), text: 'title', required: 'approvalPolicy' },
  { name: 'amend agreement', method: 'POST', path: (f) => `/agreements/${f.a.agreementId}/amend`, as: 'sales', valid: (f) => ({ ...terms(f), reason: 'new prices' }), text: 'reason', required: 'paymentTerms' },
  { name: 'list product', method: 'POST', path: () => '/products', as: 'admin', valid: (f) => product(f), text: 'name', required: 'listPrice' },
  { name: 'revise product', method: 'PUT', path: (f) => `/products/${f.skus[0]}`, as: 'admin', valid: (f) => product(f, f.skus[0]), text: 'name', required: 'currency' },
  { name: 'deactivate product', method: 'POST', path: (f) => `/products/${f.skus[0]}/deactivate`, as: 'admin', valid: () => ({ reason: 'gone' }), text: 'reason', required: 'reason' },
  { name: 'draft order', method: 'POST', path: () => '/orders', as: 'rita', valid: (f) => ({ ...header(f), lines: [{ sku: f.skus[0], quantity: 1 }] }), text: 'poNumber', required: 'lines' },
  { name: 'quick order', method: 'POST', path: () => '/orders/quick', as: 'rita', valid: (f) => ({ ...header(f), text: `${f.skus[0]} 1` }), text: 'poNumber', required: 'locationId' },
  { name: 'replace lines', method: 'PUT', path: (f) => `/orders/${f.orders.draft}/lines`, as: 'rita', valid: (f) => ({ lines: [{ sku: f.skus[0], quantity: 2 }] }), text: 'lines[0].sku', required: 'lines' },
  { name: 'cancel order', method: 'POST', path: (f) => `/orders/${f.orders.draft}/cancel`, as: 'rita', valid: () => ({ reason: 'no' }), text: 'reason', required: 'reason' },
  { name: 'reorder', method: 'POST', path: (f) => `/orders/${f.orders.delivered}/reorder`, as: 'rita', valid: (f) => ({ requestedDeliveryDate: f.day }), text: 'poNumber', required: 'requestedDeliveryDate' },
  { name: 'set budget', method: 'PUT', path: () => '/orders/budgets', as: 'carla', valid: (f) => ({ costCenter: 'CC-2', period: f.period, limit: '10.00' }), text: 'costCenter', required: 'limit' },
  { name: 'request quote', method: 'POST', path: () => '/orders/quotes', as: 'rita', valid: (f) => ({ lines: [{ sku: f.skus[2], quantity: 1 }] }), text: 'note', required: 'lines' },
  { name: 'answer quote', method: 'POST', path: (f) => `/orders/quotes/${f.quoteId}/answer`, as: 'sales', valid: (f) => ({ prices: [{ sku: f.skus[2], unitPrice: '70.00' }], currency: 'EUR', validUntil: `${future(5)}T00:00:00Z` }), text: 'prices[0].sku', required: 'validUntil' },
  { name: 'accept quote', method: 'POST', path: (f) => `/orders/quotes/${f.quoteId}/accept`, as: 'rita', valid: (f) => ({ ...header(f), quoteNo: 1 }), text: 'poNumber', required: 'quoteNo' },
  { name: 'save list', method: 'POST', path: () => '/orders/lists', as: 'rita', valid: (f) => ({ name: 'L', lines: [{ sku: f.skus[0], quantity: 1 }] }), text: 'name', required: 'lines' },
  { name: 'change list', method: 'PUT', path: (f) => `/orders/lists/${f.listId}`, as: 'rita', valid: (f) => ({ name: 'L2', lines: [{ sku: f.skus[0], quantity: 1 }] }), text: 'name', required: 'name' },
  { name: 'order from list', method: 'POST', path: (f) => `/orders/lists/${f.listId}/order`, as: 'rita', valid: (f) => header(f), text: 'poNumber', required: 'requestedDeliveryDate' },
  { name: 'approve step', method: 'POST', path: (f) => `/approvals/${f.stepId}/approve`, as: 'adam', valid: () => ({ comment: 'ok' }), text: 'comment' },
  { name: 'reject step', method: 'POST', path: (f) => `/approvals/${f.stepId}/reject`, as: 'adam', valid: () => ({ reason: 'no' }), text: 'reason', required: 'reason' },
  { name: 'request changes', method: 'POST', path: (f) => `/approvals/${f.stepId}/request-changes`, as: 'adam', valid: () => ({ comment: 'split it' }), text: 'comment', required: 'comment' },
  { name: 'delegate', method: 'POST', path: () => '/approvals/delegations', as: 'adam', valid: (f) => ({ delegateUserId: f.users.fay, from: future(50), to: future(60) }), text: 'delegateUserId', required: 'from' },
  { name: 'simulate policy', method: 'POST', path: () => '/approvals/simulate', as: 'carla', valid: (f) => ({ companyId: f.a.id, approvalPolicy: { levels: [] }, from: '2026-01-01', to: future(1) }), text: 'companyId', required: 'approvalPolicy' },
  { name: 'approval settings', method: 'PUT', path: () => '/approvals/settings', as: 'carla', valid: () => ({ slaHours: 48, reminderHours: 24 }), text: 'slaHours', required: 'reminderHours' },
  { name: 'reschedule delivery', method: 'POST', path: (f) => `/deliveries/${f.deliveries.scheduled}/reschedule`, as: 'ops', valid: () => ({ promisedDate: future(20), reason: 'capacity' }), text: 'reason', required: 'promisedDate' },
  { name: 'split delivery', method: 'POST', path: (f) => `/deliveries/${f.deliveries.scheduled}/split`, as: 'ops', valid: (f) => ({ parts: [{ lines: [{ sku: f.skus[0], quantity: 4 }] }, { lines: [{ sku: f.skus[0], quantity: 6 }] }] }), text: 'reason', required: 'parts' },
  { name: 'dispatch delivery', method: 'POST', path: (f) => `/deliveries/${f.deliveries.scheduled}/dispatch`, as: 'ops', valid: () => ({ carrier: 'DHL' }), text: 'carrier' },
  { name: 'goods receipt', method: 'POST', path: (f) => `/deliveries/${f.deliveries.received}/receipt`, as: 'rex', valid: (f) => ({ lines: [{ sku: f.skus[0], quantityReceived: 0 }] }), text: 'lines[0].sku', required: 'lines' },
  { name: 'record payment', method: 'POST', path: (f) => `/invoices/${f.invoiceId}/payments`, as: 'supplierFinance', valid: () => ({ amount: '1.00', paidAt: '2026-04-15' }), text: 'amount', required: 'paidAt' },
  { name: 'credit note', method: 'POST', path: (f) => `/invoices/${f.invoiceId}/credit-notes`, as: 'supplierFinance', valid: (f) => ({ lines: [{ sku: f.skus[0], quantity: 1, reason: 'returned' }] }), text: 'lines[0].reason', required: 'lines' },
  { name: 'close period', method: 'POST', path: () => '/invoicing/close', as: 'supplierFinance', valid: (f) => ({ period: f.period }), text: 'period', required: 'period' },
  { name: 'set VAT rate', method: 'PUT', path: () => '/invoicing/vat-rates', as: 'supplierFinance', valid: () => ({ category: 'books', rate: '7' }), text: 'category', required: 'rate' },
];

/** Sets `path` (`a.b`, `lines[0].sku`) in a copy of `body`. */
const setAt = (body: Body, path: string, value: unknown): Body => {
  const copy = structuredClone(body);
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return copy;
};
const routeCase = (r: WriteRoute, category: Category, name: string, spoil: { body?: (f: Fixture) => unknown; rawBody?: (f: Fixture) => string; contentType?: string }, expect: BadInputCase['expect']): BadInputCase =>
  ({ category, name: `${r.name}: ${name}`, method: r.method, path: r.path, as: r.as, ...spoil, expect });

/** Every write route, spoiled in the ways any JSON body can be. */
export const everyWriteRoute = ROUTES.flatMap((r): BadInputCase[] => {
  const textKey = r.text.replace(/\[\d+\]/g, '').split('.').at(-1)!;
  return [
    routeCase(r, 'malformed-json', 'truncated JSON', { rawBody: (f) => JSON.stringify(r.valid(f)).slice(0, -3), contentType: 'application/json' }, { status: 400, field: 'body' }),
    routeCase(r, 'malformed-json', 'an array for the body', { body: (f) => [r.valid(f)] }, { status: 400 }),
    ...(r.required === undefined ? [] : [r.required].flatMap((required) => [
      routeCase(r, 'missing-field', `no ${required}`, { body: (f) => without(r.valid(f), required) }, { status: 400, field: required }),
      routeCase(r, 'wrong-type', `${required} as an array of arrays`, { body: (f) => ({ ...r.valid(f), [required]: [[]] }) }, { status: 400, field: required }),
    ])),
    routeCase(r, 'nul-surrogate', `NUL in ${r.text}`, { body: (f) => setAt(r.valid(f), r.text, 'a\u0000b') }, { status: 400, field: r.text }),
    routeCase(r, 'nul-surrogate', `lone surrogate in ${r.text}`, { body: (f) => setAt(r.valid(f), r.text, 'a\uD800b') }, { status: 400, field: r.text }),
    routeCase(r, 'injection', '__proto__ key', { rawBody: (f) => JSON.stringify(r.valid(f)).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), contentType: 'application/json' }, { status: 400, field: '__proto__' }),
    routeCase(r, 'injection', 'constructor.prototype key', { rawBody: (f) => JSON.stringify(r.valid(f)).replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},'), contentType: 'application/json' }, { status: 400, field: 'constructor' }),
    routeCase(r, 'injection', `100,000 characters in ${r.text}`, { body: (f) => setAt(r.valid(f), r.text, LONG) }, { status: 400, field: textKey }),
    routeCase(r, 'content-type', 'text/plain', { rawBody: (f) => JSON.stringify(r.valid(f)), contentType: 'text/plain' }, { status: 415, field: 'content-type' }),
    routeCase(r, 'huge-body', '2 MB of JSON', { rawBody: (f) => JSON.stringify({ ...r.valid(f), padding: 'p'.repeat(2_000_000) }), contentType: 'application/json' }, { status: 413, field: 'body' }),
  ];
});

