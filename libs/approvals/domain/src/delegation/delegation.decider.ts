import {
  CUSTOMER_ROLES, Conflict, Forbidden, Invalid, NotFound, RuleViolated, assertNever, type ActorRef, type Command, type CustomerRole, type Decider,
} from '@b2b/kernel';

/** A delegator lets a colleague decide, for a period, the approval steps the delegator's own roles
 *  could decide. The roles are those the delegator held when delegating (from the token). */
export interface Delegation {
  readonly delegationId: string;
  readonly delegatorUserId: string;
  readonly delegateUserId: string;
  readonly companyId: string;
  readonly roles: readonly CustomerRole[];
  /** Inclusive start and exclusive end, ISO-8601 instants. */
  readonly from: string;
  readonly until: string;
  readonly revokedAt: string | null;
}

type Stamp = { by: ActorRef; at: string };

export type DelegationEvent =
  | { type: 'ApprovalsDelegated'; data: Omit<Delegation, 'revokedAt'> & Stamp }
  | { type: 'ApprovalDelegationRevoked'; data: { delegationId: string; delegatorUserId: string; delegateUserId: string } & Stamp };

/** What approvals knows of the delegate (from agreements.UserAccountChanged), looked up by the handler;
 *  null when it has not heard of the user (unknown, or invited a moment ago and the event is on its way). */
export interface DelegateFacts {
  readonly companyId: string;
  readonly roles: readonly string[];
  readonly active: boolean;
}

/** Roles that decide approval steps (levels name them; company-admin decides escalated steps). A
 *  delegate must hold one: requesters and receivers are not given other people's approvals. */
export const APPROVING_ROLES: readonly CustomerRole[] = ['approver', 'finance', 'company-admin', 'procurement'];

export type DelegationCommand =
  /** `from` and `to` as given: a date (a whole UTC day, `to` included) or an instant. */
  | Command<'DelegateApprovals', { delegationId: string; delegateUserId: string; from: string; to: string; delegate: DelegateFacts | null }>
  | Command<'RevokeDelegation', { delegationId: string }>;

export type DelegationState = { status: 'none' } | { status: 'delegating'; delegatorUserId: string; companyId: string; delegations: readonly Delegation[] };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const instant = (field: string, value: string, endOfDay: boolean): number => {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) throw new Invalid('DELEGATION.INVALID_DATE', `${field} must be an ISO-8601 date or date-time`);
  return DATE_ONLY.test(value) && endOfDay ? ms + DAY_MS : ms;
};

/** The period a request names: dates are whole UTC days, both included. */
export const delegationPeriod = (from: string, to: string): { from: string; until: string } => {
  const start = instant('from', from, false);
  const end = instant('to', to, true);
  if (end <= start) throw new Invalid('DELEGATION.EMPTY_PERIOD', 'to must be after from');
  return { from: new Date(start).toISOString(), until: new Date(end).toISOString() };
};

export const isDelegationActive = (delegation: Pick<Delegation, 'from' | 'until' | 'revokedAt'>, now: Date): boolean =>
  delegation.revokedAt === null && Date.parse(delegation.from) <= now.getTime() && now.getTime() < Date.parse(delegation.until);

const overlaps = (a: Pick<Delegation, 'from' | 'until'>, b: Pick<Delegation, 'from' | 'until'>): boolean =>
  Date.parse(a.from) < Date.parse(b.until) && Date.parse(b.from) < Date.parse(a.until);

const customerRoles = (roles: readonly string[]): CustomerRole[] => CUSTOMER_ROLES.filter((r) => roles.includes(r));

/** Another company's user is reported exactly like an unknown one (404): existence is not disclosed. */
const assertCanBeDelegate = (delegateUserId: string, delegate: DelegateFacts | null, companyId: string): void => {
  if (!delegate || delegate.companyId !== companyId) {
    throw new NotFound('DELEGATION.DELEGATE_NOT_FOUND',
      `delegateUserId: no colleague ${delegateUserId} in your company; a user invited moments ago may not be known to approvals yet: retry in a few seconds`);
  }
  if (!delegate.active) throw new RuleViolated('DELEGATION.DELEGATE_INACTIVE', `delegateUserId: ${delegateUserId} is deactivated`);
  if (!APPROVING_ROLES.some((r) => delegate.roles.includes(r))) {
    throw new RuleViolated('DELEGATION.DELEGATE_CANNOT_APPROVE', `delegateUserId: ${delegateUserId} holds none of the approving roles (${APPROVING_ROLES.join(', ')})`);
  }
};

const decide = (command: DelegationCommand, state: DelegationState): DelegationEvent[] => {
  const { by: actor, now } = command.meta;
  const at = now.toISOString();
  const roles = customerRoles(actor.roles);
  const by: ActorRef = { userId: actor.userId, companyId: actor.companyId, role: roles.includes('approver') ? 'approver' : (roles[0] ?? 'requester') };
  if (state.status === 'delegating' && state.delegatorUserId !== actor.userId) throw new NotFound('DELEGATION.NOT_FOUND', 'delegation not found');
  switch (command.type) {
    case 'DelegateApprovals': {
      if (roles.length === 0) throw new Forbidden('DELEGATION.CUSTOMER_ONLY', 'only users of a customer company delegate approvals');
      const { delegationId, delegateUserId, delegate } = command.data;
      if (delegateUserId === actor.userId) throw new RuleViolated('DELEGATION.TO_SELF', 'delegateUserId: you cannot delegate to yourself');
      assertCanBeDelegate(delegateUserId, delegate, actor.companyId);
      const period = delegationPeriod(command.data.from, command.data.to);
      if (Date.parse(period.until) <= now.getTime()) throw new RuleViolated('DELEGATION.IN_THE_PAST', 'the delegation would already have ended');
      const delegations = state.status === 'delegating' ? state.delegations : [];
      if (delegations.some((d) => d.delegationId === delegationId)) throw new Conflict('DELEGATION.EXISTS', `delegation ${delegationId} exists`);
      const clash = delegations.find((d) => d.delegateUserId === delegateUserId && d.revokedAt === null && Date.parse(d.until) > now.getTime() && overlaps(d, period));
      if (clash) throw new Conflict('DELEGATION.OVERLAPS', `you already delegate to this colleague from ${clash.from} until ${clash.until} (delegation ${clash.delegationId})`);
      return [{
        type: 'ApprovalsDelegated',
        data: { delegationId, delegatorUserId: actor.userId, delegateUserId, companyId: actor.companyId, roles, ...period, by, at },
      }];
    }
    case 'RevokeDelegation': {
      const delegation = state.status === 'delegating' ? state.delegations.find((d) => d.delegationId === command.data.delegationId) : undefined;
      if (!delegation) throw new NotFound('DELEGATION.NOT_FOUND', `delegation ${command.data.delegationId} not found`);
      if (delegation.revokedAt !== null) throw new Conflict('DELEGATION.REVOKED', `delegation ${delegation.delegationId} was revoked already`);
      if (Date.parse(delegation.until) <= now.getTime()) throw new Conflict('DELEGATION.ENDED', `delegation ${delegation.delegationId} has ended`);
      const { delegationId, delegatorUserId, delegateUserId } = delegation;
      return [{ type: 'ApprovalDelegationRevoked', data: { delegationId, delegatorUserId, delegateUserId, by, at } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: DelegationState, event: DelegationEvent): DelegationState => {
  switch (event.type) {
    case 'ApprovalsDelegated': {
      const { by: _by, at: _at, ...delegation } = event.data;
      const delegations = state.status === 'delegating' ? state.delegations : [];
      return { status: 'delegating', delegatorUserId: delegation.delegatorUserId, companyId: delegation.companyId, delegations: [...delegations, { ...delegation, revokedAt: null }] };
    }
    case 'ApprovalDelegationRevoked':
      return state.status === 'delegating'
        ? { ...state, delegations: state.delegations.map((d) => (d.delegationId === event.data.delegationId ? { ...d, revokedAt: event.data.at } : d)) }
        : state;
    default:
      return assertNever(event);
  }
};

export const delegationDecider: Decider<DelegationState, DelegationCommand, DelegationEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
/** One stream per delegator: every delegation a user gave. */
export const delegationStream = (delegatorUserId: string): string => `approval-delegations-${delegatorUserId}`;
