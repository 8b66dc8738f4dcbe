import type { Actor, CustomerRole } from '@b2b/kernel';
import { isDelegationActive, type Delegation } from '../delegation/delegation.decider.js';

/** What decides who may decide a step (the decider and the inbox ask the same question). */
export interface StepAuthorityFacts {
  readonly role: CustomerRole;
  readonly companyId: string;
  readonly requestedByUserId: string;
  /** Escalated steps may also be decided by the company's company-admin. */
  readonly escalated: boolean;
}

/** The role a decision is taken under, and for whom when it was delegated. */
export interface StepAuthority {
  readonly role: CustomerRole;
  readonly onBehalfOf?: string;
}

/** Who may decide a step: a user of the order's company, never its requester (separation of duties),
 *  holding the step's role — or company-admin once the step escalated — themselves or through a
 *  delegation in force from a colleague who held it (and who is not the requester either).
 *  Own roles win over delegated ones. Null when the actor may not decide. */
export const authorityFor = (step: StepAuthorityFacts, actor: Actor, delegations: readonly Delegation[], now: Date): StepAuthority | null => {
  if (actor.companyId !== step.companyId || actor.userId === step.requestedByUserId) return null;
  const roles: CustomerRole[] = step.escalated && step.role !== 'company-admin' ? [step.role, 'company-admin'] : [step.role];
  const own = roles.find((role) => actor.roles.includes(role));
  if (own) return { role: own };
  const usable = delegations.filter(
    (d) => d.delegateUserId === actor.userId && d.companyId === step.companyId && d.delegatorUserId !== step.requestedByUserId && isDelegationActive(d, now),
  );
  for (const role of roles) {
    const delegation = usable.find((d) => d.roles.includes(role));
    if (delegation) return { role, onBehalfOf: delegation.delegatorUserId };
  }
  return null;
};
