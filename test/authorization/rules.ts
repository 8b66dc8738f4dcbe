import { CUSTOMER_ROLES, ROLES, SUPPLIER_ROLES, type Role } from '@b2b/kernel';

/** Whose data an operation touches, and so what a user of another customer company gets:
 *  - `path`: a resource named in the path (company A's in the matrix): another company's user gets 404;
 *  - `body`: the body names company A's resources (a location, a user, the company): another company's
 *    user is refused with 404 or 422 and nothing is written;
 *  - `filter`: a query parameter names company A (`?companyId=`, for supplier staff): another company's
 *    user is refused with 404 or 422, or answered with their own company's data only;
 *  - `own`: the caller's own company implicitly (lists, inbox, budgets, settings): everybody gets their
 *    own, and another company's user must never see company A's ids in the answer;
 *  - `none`: data of no customer company (the catalog's products, VAT rates, sign-in).
 *  Supplier staff holding an allowed role act for any company. */
export type Tenant = 'path' | 'body' | 'filter' | 'own' | 'none';

export interface Rule {
  /** `public` (no token needed), or the roles that may call it (the route's role check). */
  readonly access: 'public' | readonly Role[];
  readonly tenant: Tenant;
  /** Roles the route's role check lets through that the handler still refuses with 403 on the caller's
   *  own company's resource (e.g. deciding an approval step of another role); default none. */
  readonly refusedInHandler?: readonly Role[];
  /** The resource is private to the user who made it (a saved list, a delegation): a colleague of the
   *  same company holding an allowed role gets 404 too. The seeded owner holds this role. */
  readonly ownedBy?: Role;
  /** A hole another branch fixes: the rows this rule expects but the platform does not answer yet are
   *  reported, not failed; once they all hold, the test fails until this mark is removed. */
  readonly knownHole?: string;
  /** Why, where it is not obvious. */
  readonly note?: string;
}

const ANY: readonly Role[] = ROLES;
const CUSTOMER: readonly Role[] = CUSTOMER_ROLES;
const SUPPLIER: readonly Role[] = SUPPLIER_ROLES;
const except = (all: readonly Role[], ...roles: Role[]): Role[] => all.filter((r) => !roles.includes(r));

/** Every operation of the OpenAPI document (`METHOD /api/path`), in the order the matrix runs them: reads
 *  before the writes that change their resources, and the writes that remove or close a resource last
 *  among those that need it. authorization-matrix.scenario.ts fails when an operation has no rule here or
 *  a rule names an operation that no longer exists. */
export const RULES = {
  'GET /api/health': { access: 'public', tenant: 'none' },
  'GET /api/health/consumers': { access: ['supplier-admin'], tenant: 'none' },
  'POST /api/auth/token': { access: 'public', tenant: 'none' },

  'GET /api/companies/{id}': { access: ANY, tenant: 'path' },
  'GET /api/companies/{id}/users': { access: ['supplier-admin', 'company-admin'], tenant: 'path' },
  'POST /api/companies': { access: ['supplier-admin', 'sales'], tenant: 'none' },
  'POST /api/companies/{id}/users': { access: ['supplier-admin', 'company-admin'], tenant: 'path' },
  'POST /api/companies/{companyId}/users/{userId}/deactivate': { access: ['supplier-admin', 'company-admin'], tenant: 'path', note: 'a spare user of A, not one of the actors' },

  'GET /api/agreements/{id}': { access: ANY, tenant: 'path' },
  'POST /api/agreements': { access: ['sales'], tenant: 'body', note: 'a new draft for company A' },
  'POST /api/agreements/{id}/amend': { access: ['sales'], tenant: 'path' },
  'POST /api/agreements/{id}/sign': { access: ['sales', 'procurement'], tenant: 'path', note: 'signs the amendment just made' },

  'GET /api/products/{sku}': { access: ANY, tenant: 'none' },
  'GET /api/catalog/products/{sku}/price': { access: ANY, tenant: 'filter' },
  'GET /api/catalog/search': { access: ANY, tenant: 'own' },
  'POST /api/products': { access: ['supplier-admin'], tenant: 'none' },
  'PUT /api/products/{sku}': { access: ['supplier-admin'], tenant: 'none' },
  'POST /api/products/{sku}/deactivate': { access: ['supplier-admin'], tenant: 'none' },
  'POST /api/products/{sku}/activate': { access: ['supplier-admin'], tenant: 'none' },
  'POST /api/products/import': { access: ['supplier-admin'], tenant: 'none' },

  'GET /api/orders': { access: ANY, tenant: 'filter' },
  'GET /api/orders/{id}': { access: ANY, tenant: 'path' },
  'GET /api/orders/{id}/trail': { access: ANY, tenant: 'path' },
  'GET /api/orders/{id}/trail/verify': { access: ANY, tenant: 'path' },
  'GET /api/orders/{id}/terms': { access: ANY, tenant: 'path' },
  'GET /api/orders/budgets': { access: ['company-admin', 'finance', 'approver', 'requester', 'procurement'], tenant: 'own' },
  'PUT /api/orders/budgets': { access: ['company-admin'], tenant: 'own' },
  'POST /api/orders': { access: ['requester'], tenant: 'body', note: "company A's location" },
  'POST /api/orders/quick': { access: ['requester'], tenant: 'body', note: "company A's location" },
  'PUT /api/orders/{id}/lines': { access: ['requester'], tenant: 'path' },
  'POST /api/orders/{id}/submit': { access: ['requester'], tenant: 'path' },
  'POST /api/orders/{id}/cancel': { access: ['requester', 'company-admin'], tenant: 'path' },
  'POST /api/orders/{id}/reorder': { access: ['requester'], tenant: 'path', note: "and company A's location in the body" },

  'GET /api/orders/quotes': { access: ANY, tenant: 'own' },
  'GET /api/orders/quotes/{id}': { access: ANY, tenant: 'path' },
  'POST /api/orders/quotes': { access: ['requester', 'procurement'], tenant: 'own' },
  'POST /api/orders/quotes/{id}/answer': { access: ['sales'], tenant: 'path' },
  'POST /api/orders/quotes/{id}/accept': { access: ['requester'], tenant: 'path', note: "and company A's location in the body" },

  'GET /api/orders/lists': { access: ['requester'], tenant: 'own' },
  'POST /api/orders/lists': { access: ['requester'], tenant: 'own' },
  'PUT /api/orders/lists/{id}': { access: ['requester'], tenant: 'path', ownedBy: 'requester' },
  'POST /api/orders/lists/{id}/order': { access: ['requester'], tenant: 'path', ownedBy: 'requester', note: "and company A's location in the body" },
  'DELETE /api/orders/lists/{id}': { access: ['requester'], tenant: 'path', ownedBy: 'requester' },

  'GET /api/approvals/inbox': { access: ANY, tenant: 'own' },
  'GET /api/approvals/orders/{orderId}': { access: ANY, tenant: 'path' },
  'GET /api/approvals/settings': { access: CUSTOMER, tenant: 'own' },
  'PUT /api/approvals/settings': { access: ['company-admin'], tenant: 'own' },
  'POST /api/approvals/{stepId}/request-changes': {
    access: CUSTOMER, tenant: 'path', refusedInHandler: except(CUSTOMER, 'approver', 'company-admin'),
    note: 'a level-1 (approver) step; company A\'s company-admin decides it by the seeded delegation',
  },
  'POST /api/approvals/{stepId}/reject': { access: CUSTOMER, tenant: 'path', refusedInHandler: except(CUSTOMER, 'approver', 'company-admin') },
  'POST /api/approvals/{stepId}/approve': { access: CUSTOMER, tenant: 'path', refusedInHandler: except(CUSTOMER, 'approver', 'company-admin') },
  'POST /api/approvals/simulate': { access: ['company-admin', 'procurement', 'approver', 'finance', 'supplier-admin', 'sales'], tenant: 'body' },
  'GET /api/approvals/delegations': { access: CUSTOMER, tenant: 'own' },
  // The delegate is company A's company-admin: a user of another company delegating to them must be refused.
  'POST /api/approvals/delegations': {
    access: CUSTOMER, tenant: 'body', note: "delegate: company A's company-admin",
  },
  'POST /api/approvals/delegations/{id}/revoke': { access: CUSTOMER, tenant: 'path', ownedBy: 'approver' },

  'GET /api/deliveries': { access: ANY, tenant: 'filter' },
  'GET /api/deliveries/otif': { access: ANY, tenant: 'filter' },
  'GET /api/deliveries/{id}': { access: ANY, tenant: 'path' },
  'POST /api/deliveries/{id}/reschedule': { access: ['supplier-ops'], tenant: 'path' },
  'POST /api/deliveries/{id}/split': { access: ['supplier-ops'], tenant: 'path' },
  'POST /api/deliveries/{id}/dispatch': { access: ['supplier-ops'], tenant: 'path' },
  'POST /api/deliveries/{id}/receipt': { access: ['receiver'], tenant: 'path' },

  'GET /api/invoices': { access: ANY, tenant: 'filter' },
  'GET /api/invoices/{id}': { access: ANY, tenant: 'path' },
  'GET /api/invoices/{id}/ubl': { access: ANY, tenant: 'path' },
  'GET /api/invoices/{id}/html': { access: ANY, tenant: 'path' },
  'POST /api/invoices/{id}/payments': { access: ['supplier-finance'], tenant: 'path' },
  'POST /api/invoices/{id}/credit-notes': { access: ['supplier-finance'], tenant: 'path' },
  'GET /api/invoicing/vat-rates': { access: SUPPLIER, tenant: 'none' },
  'PUT /api/invoicing/vat-rates': { access: ['supplier-finance'], tenant: 'none' },
  'GET /api/invoicing/export': { access: ['supplier-finance'], tenant: 'none' },
  'POST /api/invoicing/close': { access: ['supplier-finance'], tenant: 'none' },
  // Last: a password that really changed would revoke the actor's token for the rows after it (the
  // request sends an empty new password, a 400 after the auth check).
  'POST /api/auth/password': { access: ANY, tenant: 'none', note: 'the signed-in user’s own password' },
} as const satisfies Record<string, Rule>;

export type Operation = keyof typeof RULES;
