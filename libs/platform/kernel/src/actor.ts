export const SUPPLIER_ROLES = ['supplier-admin', 'sales', 'supplier-ops', 'supplier-finance'] as const;
export const CUSTOMER_ROLES = ['company-admin', 'procurement', 'requester', 'approver', 'receiver', 'finance'] as const;
export const ROLES = [...SUPPLIER_ROLES, ...CUSTOMER_ROLES] as const;

export type SupplierRole = (typeof SUPPLIER_ROLES)[number];
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Who decided: carried on every command and recorded on every event (the decision trail).
 *  `role` is the role under which this step was taken; `roles` everything the user holds. */
export interface Actor {
  readonly userId: string;
  readonly companyId: string;
  readonly roles: readonly Role[];
  readonly email?: string;
}

/** The part of an actor stored in events: who, in which company, acting as which role. */
export interface ActorRef {
  readonly userId: string;
  readonly companyId: string;
  readonly role: Role;
}

export const actingAs = (actor: Actor, role: Role): ActorRef => ({ userId: actor.userId, companyId: actor.companyId, role });

export const hasRole = (actor: Actor, ...roles: readonly Role[]): boolean => roles.some((r) => actor.roles.includes(r));

/** The system itself (timers, reactions to other services' events). */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';
