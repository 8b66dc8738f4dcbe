import { NotFound, SUPPLIER_ROLES, type Actor } from '@b2b/kernel';

/** Supplier staff serve every customer company; everybody else sees only their own company. */
export const isSupplierStaff = (actor: Actor): boolean => actor.roles.some((r) => (SUPPLIER_ROLES as readonly string[]).includes(r));

export const canSeeCompany = (actor: Actor, companyId: string): boolean => isSupplierStaff(actor) || actor.companyId === companyId;

/** Another company's resource is reported as not found (404), never as forbidden: its existence is not disclosed. */
export const assertCanSeeCompany = (actor: Actor, companyId: string, what: string, id: string): void => {
  if (!canSeeCompany(actor, companyId)) throw new NotFound(`${what.toUpperCase()}.NOT_FOUND`, `${what} ${id} not found`);
};
