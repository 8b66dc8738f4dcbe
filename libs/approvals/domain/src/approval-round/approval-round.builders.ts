import { actingAs, type Actor, type ActorRef, type CustomerRole } from '@b2b/kernel';
import { describeLevel, type PolicyLevel } from '../approval-policy/approval-policy.js';
import type { Delegation } from '../delegation/delegation.decider.js';
import type { ApprovalRoundCommand, ApprovalRoundEvent, OpenedStep, RoundFacts, StepRef } from './approval-round.events.js';

/** Test data for the approval-round specs: one company (ACME), its people, an order and its round. */
export const ACME = 'cccccccc-0000-4000-8000-000000000001';
export const OTHER_COMPANY = 'cccccccc-0000-4000-8000-000000000002';
export const ORDER = '0d0d0d0d-0000-4000-8000-000000000001';
export const T0 = new Date('2026-03-02T08:00:00.000Z');
export const hours = (h: number, from = T0): Date => new Date(from.getTime() + h * 3_600_000);

const user = (n: number, roles: Actor['roles'], companyId = ACME): Actor => ({ userId: `eeeeeeee-0000-4000-8000-00000000000${n}`, companyId, roles });
export const rita = user(1, ['requester', 'approver']); // submits the order; also an approver
export const anna = user(2, ['approver']);
export const fred = user(3, ['finance']);
export const carl = user(4, ['company-admin']);
export const dave = user(5, ['requester']); // no approving role: a delegate
export const otto = user(6, ['approver', 'finance'], OTHER_COMPANY);
export const alex = user(7, ['approver']);

export const POLICY: PolicyLevel[] = [
  { minTotal: '5000', role: 'finance' },
  { minTotal: '1000', role: 'approver' },
  { minTotal: '250000', role: 'company-admin' },
];
export const STEP_IDS = ['5e5e5e5e-0000-4000-8000-000000000001', '5e5e5e5e-0000-4000-8000-000000000002', '5e5e5e5e-0000-4000-8000-000000000003'];

export const facts = (total = '6000.00', round = 1): RoundFacts => ({
  orderId: ORDER, companyId: ACME, round, total, currency: 'EUR', agreementId: 'a9a9a9a9-0000-4000-8000-000000000001', agreementVersion: 2,
  budgetExceeded: false, submittedAt: '2026-03-02T07:59:00.000Z', requestedBy: actingAs(rita, 'requester'),
});

export const step = (level: number, role: CustomerRole, minTotal: string): OpenedStep => ({
  stepId: STEP_IDS[level - 1]!, level, role, minTotal, rule: describeLevel({ minTotal, role }, 'EUR'),
});
export const APPROVER_STEP = step(1, 'approver', '1000');
export const FINANCE_STEP = step(2, 'finance', '5000');

export const openRound = (total = '6000.00', policy: PolicyLevel[] = POLICY, now = T0): ApprovalRoundCommand => {
  const { requestedBy, ...data } = facts(total);
  return { type: 'OpenRound', data: { ...data, requestedBy, policy, stepIds: STEP_IDS }, meta: { by: { ...rita, roles: ['requester'] }, now } };
};

export const opened = (steps: OpenedStep[] = [APPROVER_STEP, FINANCE_STEP], total = '6000.00', now = T0): ApprovalRoundEvent => ({
  type: 'ApprovalRoundOpened', data: { ...facts(total), policy: POLICY, steps, by: facts().requestedBy, at: now.toISOString() },
});

type DecisionOptions = { comment?: string; delegations?: Delegation[]; now?: Date };
export const approve = (s: OpenedStep, by: Actor, o: DecisionOptions = {}): ApprovalRoundCommand => ({
  type: 'ApproveStep', data: { stepId: s.stepId, delegations: o.delegations ?? [], ...(o.comment !== undefined ? { comment: o.comment } : {}) }, meta: { by, now: o.now ?? T0 },
});
export const reject = (s: OpenedStep, by: Actor, reason: string, now = T0): ApprovalRoundCommand => ({ type: 'RejectStep', data: { stepId: s.stepId, delegations: [], reason }, meta: { by, now } });
export const requestChanges = (s: OpenedStep, by: Actor, comment: string, now = T0): ApprovalRoundCommand => ({ type: 'RequestChanges', data: { stepId: s.stepId, delegations: [], comment }, meta: { by, now } });
const system: Actor = { userId: '00000000-0000-0000-0000-000000000000', companyId: ACME, roles: [] };
export const escalate = (s: OpenedStep, now: Date, slaHours = 48): ApprovalRoundCommand => ({ type: 'EscalateStep', data: { stepId: s.stepId, slaHours }, meta: { by: system, now } });
export const remind = (s: OpenedStep, now: Date, reminderHours = 24): ApprovalRoundCommand => ({ type: 'RemindStep', data: { stepId: s.stepId, reminderHours }, meta: { by: system, now } });
export const cancelRound = (now = T0, round = 1): ApprovalRoundCommand => ({
  type: 'CancelRound', data: { orderId: ORDER, companyId: ACME, round, reason: 'no longer needed', cancelledBy: actingAs(rita, 'requester') }, meta: { by: rita, now },
});

const ref = (s: OpenedStep, total = '6000.00'): StepRef => ({
  orderId: ORDER, companyId: ACME, round: 1, stepId: s.stepId, level: s.level, role: s.role, minTotal: s.minTotal, rule: s.rule, total, currency: 'EUR',
});
type Decided = { by: ActorRef; onBehalfOf?: string; now?: Date; total?: string };
const tail = (o: Decided) => ({ ...(o.onBehalfOf ? { onBehalfOf: o.onBehalfOf } : {}), by: o.by, at: (o.now ?? T0).toISOString() });
export const approved = (s: OpenedStep, o: Decided & { comment?: string }): ApprovalRoundEvent => ({
  type: 'ApprovalStepApproved', data: { ...ref(s, o.total), ...(o.comment !== undefined ? { comment: o.comment } : {}), ...tail(o) },
});
export const rejected = (s: OpenedStep, reason: string, o: Decided): ApprovalRoundEvent => ({ type: 'ApprovalStepRejected', data: { ...ref(s, o.total), reason, ...tail(o) } });
export const changesRequested = (s: OpenedStep, comment: string, o: Decided): ApprovalRoundEvent => ({
  type: 'ApprovalStepChangesRequested', data: { ...ref(s, o.total), comment, ...tail(o) },
});
export const escalated = (s: OpenedStep, openedAt: Date, now: Date, slaHours = 48): ApprovalRoundEvent => ({
  type: 'ApprovalStepEscalated', data: { ...ref(s), escalatedTo: 'company-admin', openedAt: openedAt.toISOString(), slaHours, by: null, at: now.toISOString() },
});
export const reminderDue = (s: OpenedStep, openedAt: Date, now: Date, reminderHours = 24): ApprovalRoundEvent => ({
  type: 'ApprovalStepReminderDue', data: { ...ref(s), openedAt: openedAt.toISOString(), reminderHours, by: null, at: now.toISOString() },
});
export const completed = (outcome: 'approved' | 'rejected' | 'changes-requested', rule: string, by: ActorRef | null, o: { reason?: string; now?: Date; total?: string } = {}): ApprovalRoundEvent => ({
  type: 'ApprovalRoundCompleted',
  data: { orderId: ORDER, companyId: ACME, round: 1, outcome, ...(o.reason !== undefined ? { reason: o.reason } : {}), total: o.total ?? '6000.00', currency: 'EUR', rule, by, at: (o.now ?? T0).toISOString() },
});
export const cancelled = (opened: boolean, now = T0): ApprovalRoundEvent => ({
  type: 'ApprovalRoundCancelled', data: { orderId: ORDER, companyId: ACME, round: 1, reason: 'no longer needed', opened, by: actingAs(rita, 'requester'), at: now.toISOString() },
});

export const delegation = (delegator: Actor, delegate: Actor, over: Partial<Delegation> = {}): Delegation => ({
  delegationId: 'de1e0000-0000-4000-8000-000000000001', delegatorUserId: delegator.userId, delegateUserId: delegate.userId, companyId: delegator.companyId,
  roles: delegator.roles.filter((r): r is CustomerRole => r !== 'supplier-admin' && r !== 'sales' && r !== 'supplier-ops' && r !== 'supplier-finance'),
  from: hours(-24).toISOString(), until: hours(24 * 7).toISOString(), revokedAt: null, ...over,
});
