import type { Operation } from './rules.js';
import type { World } from './world.js';

/** One request of the matrix: the path under /api with its parameters filled from company A's seeded
 *  resources, and a body valid enough to pass field validation (so a role or tenant check, not a 400,
 *  decides). `n` numbers the request, for values that must be unique (e-mail addresses, SKUs). */
export interface MatrixRequest {
  readonly path: string;
  readonly body?: unknown;
  readonly contentType?: string;
}

const plusDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const lastMonth = (): string => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

const terms = (w: World) => {
  const year = new Date().getUTCFullYear();
  return {
    title: `Matrix A ${w.run}`, currency: 'EUR', validFrom: `${year - 1}-01-01`, validTo: `${year + 3}-12-31`,
    paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2, 3, 4, 5, 6, 7] },
    prices: [{ sku: w.skus.bolt, unitPrice: '1.00' }, { sku: w.skus.nut, unitPrice: '0.50' }], approvalPolicy: { levels: [{ minTotal: '1', role: 'approver' }] },
  };
};
const product = (sku: string) => ({ sku, typeNumber: `T-${sku}`, name: `Matrix ${sku}`, description: 'matrix', category: 'fasteners', unit: 'piece', listPrice: '9.00', currency: 'EUR' });
const header = (w: World) => ({ locationId: w.a.locations[0]!, requestedDeliveryDate: plusDays(5) });
const lines = (w: World) => [{ sku: w.skus.bolt, quantity: 3 }];

export const REQUESTS: Record<Operation, (w: World, n: number) => MatrixRequest> = {
  'GET /api/health': () => ({ path: '/health' }),
  'GET /api/health/consumers': () => ({ path: '/health/consumers' }),
  'POST /api/auth/token': (w) => ({ path: '/auth/token', body: { email: `requester-a-${w.run}@example.com`, password: 'secret-password' } }),

  'GET /api/companies/{id}': (w) => ({ path: `/companies/${w.a.id}` }),
  'GET /api/companies/{id}/users': (w) => ({ path: `/companies/${w.a.id}/users` }),
  'POST /api/companies': (w, n) => ({ path: '/companies', body: { name: `Matrix extra ${w.run} ${n}`, locations: [{ name: 'Site', address: 'Street 1' }] } }),
  'POST /api/companies/{id}/users': (w, n) => ({ path: `/companies/${w.a.id}/users`, body: { email: `invited-${n}-${w.run}@example.com`, name: 'Invited', roles: ['requester'], password: 'secret-password' } }),
  'POST /api/companies/{companyId}/users/{userId}/deactivate': (w) => ({ path: `/companies/${w.a.id}/users/${w.a.spare.id}/deactivate`, body: { reason: 'matrix' } }),

  'GET /api/agreements/{id}': (w) => ({ path: `/agreements/${w.a.agreementId}` }),
  'POST /api/agreements': (w) => ({ path: '/agreements', body: { ...terms(w), companyId: w.a.id } }),
  'POST /api/agreements/{id}/amend': (w) => ({ path: `/agreements/${w.a.agreementId}/amend`, body: { ...terms(w), reason: 'matrix amendment' } }),
  'POST /api/agreements/{id}/sign': (w) => ({ path: `/agreements/${w.a.agreementId}/sign`, body: {} }),

  'GET /api/products/{sku}': (w) => ({ path: `/products/${w.skus.bolt}` }),
  'GET /api/catalog/products/{sku}/price': (w) => ({ path: `/catalog/products/${w.skus.bolt}/price?quantity=5&companyId=${w.a.id}` }),
  'GET /api/catalog/search': (w) => ({ path: `/catalog/search?q=${w.skus.bolt}` }),
  'POST /api/products': (w, n) => ({ path: '/products', body: product(`MNEW-${w.run}-${n}`) }),
  'PUT /api/products/{sku}': (w) => ({ path: `/products/${w.skus.spare}`, body: product(w.skus.spare) }),
  'POST /api/products/{sku}/deactivate': (w) => ({ path: `/products/${w.skus.spare}/deactivate`, body: { reason: 'matrix' } }),
  'POST /api/products/{sku}/activate': (w) => ({ path: `/products/${w.skus.spare}/activate`, body: {} }),
  'POST /api/products/import': (w, n) => ({
    path: '/products/import', contentType: 'text/csv',
    body: `sku,typeNumber,name,description,category,unit,listPrice,currency\nMIMP-${w.run}-${n},T-${n},Imported,matrix,fasteners,piece,2.00,EUR\n`,
  }),

  'GET /api/orders': (w) => ({ path: `/orders?companyId=${w.a.id}` }),
  'GET /api/orders/{id}': (w) => ({ path: `/orders/${w.a.orders.invoiced}` }),
  'GET /api/orders/{id}/trail': (w) => ({ path: `/orders/${w.a.orders.invoiced}/trail` }),
  'GET /api/orders/{id}/trail/verify': (w) => ({ path: `/orders/${w.a.orders.invoiced}/trail/verify` }),
  'GET /api/orders/{id}/terms': (w) => ({ path: `/orders/${w.a.orders.invoiced}/terms` }),
  'GET /api/orders/budgets': (w) => ({ path: `/orders/budgets?costCenter=${w.a.costCenter}&period=${w.period}` }),
  'PUT /api/orders/budgets': (w) => ({ path: '/orders/budgets', body: { costCenter: w.a.costCenter, period: w.period, limit: '90000.00' } }),
  'POST /api/orders': (w) => ({ path: '/orders', body: { ...header(w), lines: lines(w) } }),
  'POST /api/orders/quick': (w) => ({ path: '/orders/quick', body: { ...header(w), text: `${w.skus.bolt} 3` } }),
  'PUT /api/orders/{id}/lines': (w) => ({ path: `/orders/${w.a.orders.lines}/lines`, body: { lines: lines(w) } }),
  'POST /api/orders/{id}/submit': (w) => ({ path: `/orders/${w.a.orders.submit}/submit`, body: {} }),
  'POST /api/orders/{id}/cancel': (w) => ({ path: `/orders/${w.a.orders.cancel}/cancel`, body: { reason: 'matrix' } }),
  'POST /api/orders/{id}/reorder': (w) => ({ path: `/orders/${w.a.orders.invoiced}/reorder`, body: { requestedDeliveryDate: plusDays(5), locationId: w.a.locations[1]! } }),

  'GET /api/orders/quotes': () => ({ path: '/orders/quotes' }),
  'GET /api/orders/quotes/{id}': (w) => ({ path: `/orders/quotes/${w.a.quoteId}` }),
  'POST /api/orders/quotes': (w) => ({ path: '/orders/quotes', body: { lines: lines(w), note: 'matrix' } }),
  'POST /api/orders/quotes/{id}/answer': (w) => ({
    path: `/orders/quotes/${w.a.quoteId}/answer`, body: { prices: [{ sku: w.skus.bolt, unitPrice: '0.85' }], currency: 'EUR', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  }),
  'POST /api/orders/quotes/{id}/accept': (w) => ({ path: `/orders/quotes/${w.a.quoteId}/accept`, body: { ...header(w), quoteNo: 2 } }),

  'GET /api/orders/lists': () => ({ path: '/orders/lists' }),
  'POST /api/orders/lists': (w, n) => ({ path: '/orders/lists', body: { name: `Matrix list ${n}`, lines: lines(w) } }),
  'PUT /api/orders/lists/{id}': (w) => ({ path: `/orders/lists/${w.a.listId}`, body: { name: 'Matrix list, changed', lines: lines(w) } }),
  'POST /api/orders/lists/{id}/order': (w) => ({ path: `/orders/lists/${w.a.listId}/order`, body: header(w) }),
  'DELETE /api/orders/lists/{id}': (w) => ({ path: `/orders/lists/${w.a.listId}` }),

  'GET /api/approvals/inbox': () => ({ path: '/approvals/inbox' }),
  'GET /api/approvals/orders/{orderId}': (w) => ({ path: `/approvals/orders/${w.a.orders.pending}` }),
  'GET /api/approvals/settings': () => ({ path: '/approvals/settings' }),
  'PUT /api/approvals/settings': () => ({ path: '/approvals/settings', body: { slaHours: 48, reminderHours: 24 } }),
  'POST /api/approvals/simulate': (w) => ({ path: '/approvals/simulate', body: { companyId: w.a.id, approvalPolicy: { levels: [{ minTotal: '100', role: 'approver' }] }, from: plusDays(-30), to: plusDays(0) } }),
  'GET /api/approvals/delegations': () => ({ path: '/approvals/delegations' }),
  'POST /api/approvals/delegations': (w) => ({ path: '/approvals/delegations', body: { delegateUserId: w.a.users['company-admin'].id, from: plusDays(20), to: plusDays(21) } }),
  'POST /api/approvals/delegations/{id}/revoke': (w) => ({ path: `/approvals/delegations/${w.a.delegationId}/revoke`, body: {} }),
  'POST /api/approvals/{stepId}/request-changes': (w) => ({ path: `/approvals/${w.a.steps.changes}/request-changes`, body: { comment: 'matrix' } }),
  'POST /api/approvals/{stepId}/reject': (w) => ({ path: `/approvals/${w.a.steps.reject}/reject`, body: { reason: 'matrix' } }),
  'POST /api/approvals/{stepId}/approve': (w) => ({ path: `/approvals/${w.a.steps.approve}/approve`, body: { comment: 'matrix' } }),

  'GET /api/deliveries': (w) => ({ path: `/deliveries?companyId=${w.a.id}` }),
  'GET /api/deliveries/otif': (w) => ({ path: `/deliveries/otif?period=${w.period}&companyId=${w.a.id}` }),
  'GET /api/deliveries/{id}': (w) => ({ path: `/deliveries/${w.a.deliveries.received}` }),
  'POST /api/deliveries/{id}/reschedule': (w) => ({ path: `/deliveries/${w.a.deliveries.scheduled}/reschedule`, body: { promisedDate: plusDays(12), reason: 'matrix' } }),
  'POST /api/deliveries/{id}/split': (w) => ({
    path: `/deliveries/${w.a.deliveries.scheduled}/split`, body: { parts: [{ lines: [{ sku: w.skus.bolt, quantity: 5 }] }, { lines: [{ sku: w.skus.bolt, quantity: 5 }, { sku: w.skus.nut, quantity: 4 }] }], reason: 'matrix' },
  }),
  'POST /api/deliveries/{id}/dispatch': (w) => ({ path: `/deliveries/${w.a.deliveries.scheduled}/dispatch`, body: { carrier: 'DHL' } }),
  'POST /api/deliveries/{id}/receipt': (w) => ({ path: `/deliveries/${w.a.deliveries.dispatched}/receipt`, body: { lines: [{ sku: w.skus.bolt, quantityReceived: 1 }] } }),

  'GET /api/invoices': (w) => ({ path: `/invoices?companyId=${w.a.id}` }),
  'GET /api/invoices/{id}': (w) => ({ path: `/invoices/${w.a.invoiceId}` }),
  'GET /api/invoices/{id}/ubl': (w) => ({ path: `/invoices/${w.a.invoiceId}/ubl` }),
  'GET /api/invoices/{id}/html': (w) => ({ path: `/invoices/${w.a.invoiceId}/html` }),
  'POST /api/invoices/{id}/payments': (w) => ({ path: `/invoices/${w.a.invoiceId}/payments`, body: { amount: '1.00', paidAt: plusDays(0) } }),
  'POST /api/invoices/{id}/credit-notes': (w) => ({ path: `/invoices/${w.a.invoiceId}/credit-notes`, body: { lines: [{ sku: w.skus.bolt, quantity: 1, reason: 'matrix' }] } }),
  'GET /api/invoicing/vat-rates': () => ({ path: '/invoicing/vat-rates' }),
  'PUT /api/invoicing/vat-rates': () => ({ path: '/invoicing/vat-rates', body: { category: 'matrix-category', rate: '7' } }),
  'GET /api/invoicing/export': (w) => ({ path: `/invoicing/export?period=${w.period}` }),
  'POST /api/invoicing/close': () => ({ path: '/invoicing/close', body: { period: lastMonth() } }),
  'POST /api/auth/password': () => ({ path: '/auth/password', body: { currentPassword: 'not-checked', newPassword: '' } }),
};
