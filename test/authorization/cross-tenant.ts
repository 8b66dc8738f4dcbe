import type { ApiClient } from '../api-client.js';
import type { Company, World } from './world.js';

/** A write by one of company A's users (or by supplier staff through company A) that names company B's
 *  users, locations or resources. Each must be refused with one of `refused`, and nothing written. */
export interface CrossTenantCase {
  readonly title: string;
  readonly as: ApiClient;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly refused: readonly number[];
  /** A hole another branch fixes (see Rule.knownHole): reported while open, failed once it is closed
   *  and the mark still here. */
  readonly knownHole?: string;
}

const HIDDEN = [404, 422] as const;
const plusDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const crossTenantCases = (w: World): CrossTenantCase[] => {
  const { a, b } = w;
  const requester = a.users.requester.client;
  const admin = a.users['company-admin'].client;
  const at = (c: Company, n = 0) => ({ locationId: c.locations[n]!, requestedDeliveryDate: plusDays(5) });
  return [
    { title: "an order for company B's location", as: requester, method: 'POST', path: '/orders', body: { ...at(b), lines: [{ sku: w.skus.bolt, quantity: 1 }] }, refused: HIDDEN },
    { title: "an order smuggling company B's id into the body", as: requester, method: 'POST', path: '/orders', body: { ...at(b), companyId: b.id, lines: [{ sku: w.skus.bolt, quantity: 1 }] }, refused: [400, 404, 422] },
    { title: "a budget smuggling company B's id into the body", as: admin, method: 'PUT', path: '/orders/budgets', body: { companyId: b.id, costCenter: b.costCenter, period: w.period, limit: '1.00' }, refused: [400, 404, 422] },
    { title: "approval settings smuggling company B's id into the body", as: admin, method: 'PUT', path: '/approvals/settings', body: { companyId: b.id, slaHours: 1, reminderHours: 1 }, refused: [400, 404, 422] },
    { title: "a quick order for company B's location", as: requester, method: 'POST', path: '/orders/quick', body: { ...at(b), text: `${w.skus.bolt} 1` }, refused: HIDDEN },
    { title: "a reorder of A's own order to company B's location", as: requester, method: 'POST', path: `/orders/${a.orders.invoiced}/reorder`, body: at(b), refused: HIDDEN },
    { title: "a reorder of company B's order", as: requester, method: 'POST', path: `/orders/${b.orders.invoiced}/reorder`, body: at(a), refused: [404] },
    { title: "an order from A's own saved list to company B's location", as: requester, method: 'POST', path: `/orders/lists/${a.listId}/order`, body: at(b), refused: HIDDEN },
    { title: "an order from company B's saved list", as: requester, method: 'POST', path: `/orders/lists/${b.listId}/order`, body: at(a), refused: [404] },
    { title: "a change of company B's saved list", as: requester, method: 'PUT', path: `/orders/lists/${b.listId}`, body: { name: 'taken over', lines: [{ sku: w.skus.bolt, quantity: 1 }] }, refused: [404] },
    { title: "A's own quote accepted to company B's location", as: requester, method: 'POST', path: `/orders/quotes/${a.quoteId}/accept`, body: { ...at(b), quoteNo: 1 }, refused: HIDDEN },
    { title: "company B's quote accepted", as: requester, method: 'POST', path: `/orders/quotes/${b.quoteId}/accept`, body: { ...at(a), quoteNo: 1 }, refused: [404] },
    { title: "lines put on company B's draft", as: requester, method: 'PUT', path: `/orders/${b.orders.lines}/lines`, body: { lines: [{ sku: w.skus.bolt, quantity: 1 }] }, refused: [404] },
    { title: "company B's draft submitted", as: requester, method: 'POST', path: `/orders/${b.orders.submit}/submit`, body: {}, refused: [404] },
    { title: "company B's order cancelled by A's company admin", as: admin, method: 'POST', path: `/orders/${b.orders.cancel}/cancel`, body: { reason: 'x' }, refused: [404] },
    { title: 'a user invited into company B', as: admin, method: 'POST', path: `/companies/${b.id}/users`, body: { email: `intruder-${w.run}@example.com`, name: 'Intruder', roles: ['requester'], password: 'secret-password' }, refused: [404] },
    { title: "company B's user deactivated through company A's path", as: admin, method: 'POST', path: `/companies/${a.id}/users/${b.spare.id}/deactivate`, body: { reason: 'x' }, refused: [404] },
    { title: "company B's user deactivated by the supplier admin through company A's path", as: w.staff['supplier-admin'].client, method: 'POST', path: `/companies/${a.id}/users/${b.spare.id}/deactivate`, body: { reason: 'x' }, refused: [404] },
    { title: "the supplier admin deactivated through company A's path", as: admin, method: 'POST', path: `/companies/${a.id}/users/${w.staff['supplier-admin'].id}/deactivate`, body: { reason: 'x' }, refused: [404] },
    { title: "a colleague's saved list ordered by another requester of company A", as: a.spare.client, method: 'POST', path: `/orders/lists/${a.listId}/order`, body: at(a), refused: [404] },
    { title: "a colleague's saved list changed by another requester of company A", as: a.spare.client, method: 'PUT', path: `/orders/lists/${a.listId}`, body: { name: 'taken over', lines: [{ sku: w.skus.bolt, quantity: 1 }] }, refused: [404] },
    { title: "a colleague's saved list deleted by another requester of company A", as: a.spare.client, method: 'DELETE', path: `/orders/lists/${a.listId}`, refused: [404] },
    { title: "a colleague's delegation revoked by company A's admin", as: admin, method: 'POST', path: `/approvals/delegations/${a.delegationId}/revoke`, body: {}, refused: [404] },
    { title: 'a customer role given to a user of the supplier', as: w.staff['supplier-admin'].client, method: 'POST', path: `/companies/${w.supplierId}/users`, body: { email: `customer-in-supplier-${w.run}@example.com`, name: 'Misplaced', roles: ['requester'], password: 'secret-password' }, refused: [400, 422] },
    { title: 'a supplier role given to a user of company A by its admin', as: admin, method: 'POST', path: `/companies/${a.id}/users`, body: { email: `escalate-${w.run}@example.com`, name: 'Escalate', roles: ['supplier-admin'], password: 'secret-password' }, refused: [400, 403, 422] },
    { title: 'a supplier role given to a user of company A by the supplier admin', as: w.staff['supplier-admin'].client, method: 'POST', path: `/companies/${a.id}/users`, body: { email: `staff-in-a-${w.run}@example.com`, name: 'Misplaced', roles: ['sales'], password: 'secret-password' }, refused: [400, 422] },
    { title: "a receipt of company B's delivery", as: a.users.receiver.client, method: 'POST', path: `/deliveries/${b.deliveries.dispatched}/receipt`, body: { lines: [{ sku: w.skus.bolt, quantityReceived: 1 }] }, refused: [404] },
    { title: "company B's approval step approved", as: a.users.approver.client, method: 'POST', path: `/approvals/${b.steps.approve}/approve`, body: { comment: 'x' }, refused: [404] },
    { title: "company B's approval step rejected by A's company admin", as: admin, method: 'POST', path: `/approvals/${b.steps.reject}/reject`, body: { reason: 'x' }, refused: [404] },
    { title: "company B's delegation revoked", as: a.users.approver.client, method: 'POST', path: `/approvals/delegations/${b.delegationId}/revoke`, body: {}, refused: [404] },
    {
      title: "a delegation to company B's user", as: a.users.approver.client, method: 'POST', path: '/approvals/delegations',
      body: { delegateUserId: b.users['company-admin'].id, from: plusDays(30), to: plusDays(31) }, refused: HIDDEN,
    },
    { title: "a policy replay of company B's orders", as: admin, method: 'POST', path: '/approvals/simulate', body: { companyId: b.id, approvalPolicy: { levels: [] }, from: plusDays(-30), to: plusDays(0) }, refused: [404] },
    { title: "company B's agreement signed by A's procurement", as: a.users.procurement.client, method: 'POST', path: `/agreements/${b.agreementId}/sign`, body: {}, refused: [404] },
  ];
};

/** What the cross-tenant writes could have changed, read by the supplier admin and the companies' users. */
export const snapshot = async (w: World) => {
  const admin = w.auditor.client;
  const ofCompany = async (c: Company) => ({
    orders: ((await admin.get<{ items: { id: string; status: string; locationId: string; total: string }[] }>(`/orders?companyId=${c.id}&limit=200`)).body.items).map((o) => `${o.id} ${o.status} ${o.locationId} ${o.total}`).sort(),
    users: ((await admin.get<{ id: string; roles: string[]; active?: boolean }[]>(`/companies/${c.id}/users`)).body).map((u) => `${u.id} ${u.roles.join(',')} ${String(u.active)}`).sort(),
    deliveries: ((await admin.get<{ id: string; status: string; received: unknown }[]>(`/deliveries?companyId=${c.id}`)).body).map((d) => `${d.id} ${d.status} ${JSON.stringify(d.received)}`).sort(),
    steps: (await c.users.approver.client.get<{ id: string }[]>('/approvals/inbox')).body.map((s) => s.id).sort(),
    delegations: (await c.users.approver.client.get<{ id: string; revokedAt: string | null }[]>('/approvals/delegations')).body.map((d) => `${d.id} ${d.revokedAt}`).sort(),
    lists: (await c.users.requester.client.get<{ id: string; name: string }[]>('/orders/lists')).body.map((l) => `${l.id} ${l.name}`).sort(),
    quotes: (await c.users.requester.client.get<{ id: string; status: string }[]>('/orders/quotes')).body.map((q) => `${q.id} ${q.status}`).sort(),
    budget: (await c.users['company-admin'].client.get(`/orders/budgets?costCenter=${c.costCenter}&period=${w.period}`)).body,
    settings: (await c.users['company-admin'].client.get('/approvals/settings')).body,
    agreement: (await admin.get<{ version: number; pendingAmendment?: unknown; signedBy?: unknown }>(`/agreements/${c.agreementId}`)).body,
  });
  const supplierUsers = ((await admin.get<{ id: string; roles: string[]; active?: boolean }[]>(`/companies/${w.supplierId}/users`)).body).map((u) => `${u.id} ${u.roles.join(',')} ${String(u.active)}`).sort();
  return { a: await ofCompany(w.a), b: await ofCompany(w.b), supplierUsers };
};

export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** The snapshot without the delegations (what the open delegation hole writes). */
export const withoutDelegations = (s: Snapshot): Snapshot => ({ ...s, a: { ...s.a, delegations: [] }, b: { ...s.b, delegations: [] } });
