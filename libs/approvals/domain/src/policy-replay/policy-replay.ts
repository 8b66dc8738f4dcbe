import { CUSTOMER_ROLES, Invalid, compareDecimal, type ActorRef, type CustomerRole } from '@b2b/kernel';
import { requiredLevels, type PolicyLevel } from '../approval-policy/approval-policy.js';
import type { RoundOutcome } from '../approval-round/approval-round.events.js';

/** As many levels as an agreement's policy may have. */
export const MAX_POLICY_LEVELS = 10;

/** How a round ended, or that it has not: `pending` while a level is still to decide. */
export type ReplayOutcome = RoundOutcome | 'pending' | 'cancelled';

export interface ReplayLevel {
  readonly level: number;
  readonly role: CustomerRole;
  readonly minTotal: string;
  readonly rule: string;
}

export interface ReplayDecision {
  readonly level: number;
  /** The level's role; `by.role` is the role the decider acted under (company-admin after an escalation). */
  readonly role: CustomerRole;
  readonly outcome: RoundOutcome;
  readonly by: ActorRef;
  readonly onBehalfOf?: string;
  readonly at: string;
}

/** One submission of an order (one approval round) as it actually went. */
export interface SubmittedRound {
  readonly orderId: string;
  readonly round: number;
  readonly submittedAt: string;
  readonly total: string;
  readonly currency: string;
  readonly outcome: ReplayOutcome;
  readonly requiredLevels: readonly ReplayLevel[];
  readonly decisions: readonly ReplayDecision[];
}

/** same: the same roles in the same order; more-approvals: every actual role and more; fewer-approvals:
 *  a part of the actual roles; different-roles: neither contains the other, or the same roles in another order. */
export type ReplayDifference = 'same' | 'more-approvals' | 'fewer-approvals' | 'different-roles';

export interface ReplayedOrder {
  readonly orderId: string;
  readonly submittedAt: string;
  readonly total: string;
  readonly currency: string;
  readonly round: number;
  readonly actual: { readonly requiredLevels: ReplayLevel[]; readonly outcome: ReplayOutcome; readonly decidedBy: ReplayDecision[] };
  /** `missing`: proposed levels that no approval given in the actual round stands for (matched by role). */
  readonly proposed: { readonly requiredLevels: ReplayLevel[]; readonly missing: ReplayLevel[] };
  readonly difference: ReplayDifference;
}

export interface ReplaySummary {
  readonly orders: number;
  readonly same: number;
  readonly moreApprovals: number;
  readonly fewerApprovals: number;
  readonly differentRoles: number;
  /** Orders that were approved without an approval the proposal requires. */
  readonly approvedWithoutProposedLevel: number;
  readonly outcomes: Readonly<Record<ReplayOutcome, number>>;
}

export interface PolicyReplay {
  readonly orders: ReplayedOrder[];
  readonly summary: ReplaySummary;
}

const refuse = (code: string, message: string): never => {
  throw new Invalid(`APPROVAL.${code}`, message);
};

const POSITIVE_DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;

/** A proposed policy as agreements take it (at most 10 levels, minTotal a decimal ≥ 0, role a customer
 *  role) and, since a proposal is read as a ladder, listed in ascending order of minTotal (equal
 *  minTotals allowed: two roles at one threshold). Throws Invalid (400) naming the first bad field. */
export const checkProposedPolicy = (levels: readonly PolicyLevel[]): void => {
  if (levels.length > MAX_POLICY_LEVELS) refuse('POLICY_TOO_LONG', `approvalPolicy.levels must have at most ${MAX_POLICY_LEVELS} levels`);
  levels.forEach((level, i) => {
    if (!POSITIVE_DECIMAL.test(level.minTotal)) refuse('INVALID_POLICY', `approvalPolicy.levels[${i}].minTotal must be a decimal string of at least 0`);
    if (!(CUSTOMER_ROLES as readonly string[]).includes(level.role)) refuse('INVALID_POLICY', `approvalPolicy.levels[${i}].role must be one of ${CUSTOMER_ROLES.join(', ')}`);
    const previous = levels[i - 1];
    if (previous && compareDecimal(previous.minTotal, level.minTotal) > 0) {
      refuse('POLICY_NOT_ASCENDING', `approvalPolicy.levels[${i}].minTotal (${level.minTotal}) is below the level before it (${previous.minTotal}): list levels in ascending order of minTotal`);
    }
  });
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const instant = (field: string, value: string, endOfDay: boolean): number => {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) refuse('INVALID_DATE', `${field} must be an ISO-8601 date or date-time`);
  return DATE_ONLY.test(value) && endOfDay ? ms + DAY_MS - 1 : ms;
};

/** The submission period, both ends included: a date is a whole UTC day, a date-time an instant.
 *  Throws Invalid (400) when a bound is no date or `from` is after `to`. */
export const replayPeriod = (from: string, to: string): { from: string; to: string } => {
  const start = instant('from', from, false);
  const end = instant('to', to, true);
  if (start > end) refuse('EMPTY_PERIOD', `from (${from}) must not be after to (${to})`);
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
};

/** The last round of each order among the given ones: what the order came to within the period. */
export const latestRoundPerOrder = <R extends { readonly orderId: string; readonly round: number }>(rounds: readonly R[]): R[] => {
  const latest = new Map<string, R>();
  for (const r of rounds) {
    const seen = latest.get(r.orderId);
    if (!seen || seen.round < r.round) latest.set(r.orderId, r);
  }
  return [...latest.values()];
};

/** Removes one occurrence of each of `part` from `whole`; null when `part` holds a role `whole` lacks. */
const without = (whole: readonly CustomerRole[], part: readonly CustomerRole[]): CustomerRole[] | null => {
  const rest = [...whole];
  for (const role of part) {
    const i = rest.indexOf(role);
    if (i < 0) return null;
    rest.splice(i, 1);
  }
  return rest;
};

export const compareRoles = (actual: readonly CustomerRole[], proposed: readonly CustomerRole[]): ReplayDifference => {
  if (actual.length === proposed.length && actual.every((role, i) => proposed[i] === role)) return 'same';
  const extra = without(proposed, actual);
  if (extra && extra.length > 0) return 'more-approvals';
  const dropped = without(actual, proposed);
  if (dropped && dropped.length > 0) return 'fewer-approvals';
  return 'different-roles';
};

/** Proposed levels that no actual approval stands for: each approval (by its level's role) covers one. */
const uncovered = (proposed: readonly ReplayLevel[], decisions: readonly ReplayDecision[]): ReplayLevel[] => {
  const approvedRoles = decisions.filter((d) => d.outcome === 'approved').map((d) => d.role);
  return proposed.filter((level) => {
    const i = approvedRoles.indexOf(level.role);
    if (i < 0) return true;
    approvedRoles.splice(i, 1);
    return false;
  });
};

const replayRound = (submission: SubmittedRound, proposal: readonly PolicyLevel[]): ReplayedOrder => {
  const { orderId, submittedAt, total, currency, round, outcome } = submission;
  const actualLevels = [...submission.requiredLevels].sort((a, b) => a.level - b.level);
  // The very rule the live round opens with: the proposal is judged exactly as an agreement's policy would be.
  const proposedLevels = requiredLevels(proposal, total, currency).map(({ level, role, minTotal, rule }) => ({ level, role, minTotal, rule }));
  return {
    orderId, submittedAt, total, currency, round,
    actual: { requiredLevels: actualLevels, outcome, decidedBy: [...submission.decisions].sort((a, b) => a.level - b.level) },
    proposed: { requiredLevels: proposedLevels, missing: uncovered(proposedLevels, submission.decisions) },
    difference: compareRoles(actualLevels.map((l) => l.role), proposedLevels.map((l) => l.role)),
  };
};

const summarise = (orders: readonly ReplayedOrder[]): ReplaySummary => {
  const count = (test: (o: ReplayedOrder) => boolean): number => orders.filter(test).length;
  const outcome = (o: ReplayOutcome) => count((r) => r.actual.outcome === o);
  return {
    orders: orders.length,
    same: count((o) => o.difference === 'same'),
    moreApprovals: count((o) => o.difference === 'more-approvals'),
    fewerApprovals: count((o) => o.difference === 'fewer-approvals'),
    differentRoles: count((o) => o.difference === 'different-roles'),
    approvedWithoutProposedLevel: count((o) => o.actual.outcome === 'approved' && o.proposed.missing.length > 0),
    outcomes: { approved: outcome('approved'), rejected: outcome('rejected'), 'changes-requested': outcome('changes-requested'), pending: outcome('pending'), cancelled: outcome('cancelled') },
  };
};

/** Replays the submissions of a period under a proposed policy: per order its latest round in the
 *  period, the levels it needed and how it went, the levels the proposal would have required, and
 *  the difference; oldest submission first. Pure: decides nothing and records nothing. */
export const replayPolicy = (submissions: readonly SubmittedRound[], proposal: readonly PolicyLevel[]): PolicyReplay => {
  const orders = latestRoundPerOrder(submissions)
    .sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || a.orderId.localeCompare(b.orderId))
    .map((s) => replayRound(s, proposal));
  return { orders, summary: summarise(orders) };
};
