import { Conflict, Forbidden, Invalid, NotFound, actingAs, assertNever, type ActorRef, type Decider } from '@b2b/kernel';
import { requiredLevels } from '../approval-policy/approval-policy.js';
import { isDue } from '../approval-settings/approval-settings.decider.js';
import { authorityFor } from './authority.js';
import type { ApprovalRound, ApprovalRoundCommand, ApprovalRoundEvent, ApprovalStep, RoundFacts, RoundOutcome, StepRef } from './approval-round.events.js';

type Open = Extract<ApprovalRound, { status: 'open' }>;
type DecisionCommand = Extract<ApprovalRoundCommand, { type: 'ApproveStep' | 'RejectStep' | 'RequestChanges' }>;

/** The step to decide now: the lowest undecided level of an open round. */
export const currentStep = (state: ApprovalRound): ApprovalStep | undefined =>
  state.status === 'open' ? state.steps.find((s) => s.decision === null) : undefined;

const stepRef = (facts: RoundFacts, step: ApprovalStep): StepRef => ({
  orderId: facts.orderId, companyId: facts.companyId, round: facts.round, stepId: step.stepId, level: step.level,
  role: step.role, minTotal: step.minTotal, rule: step.rule, total: facts.total, currency: facts.currency,
});

const completed = (facts: RoundFacts, outcome: RoundOutcome, rule: string, by: ActorRef | null, at: string, reason?: string): ApprovalRoundEvent => ({
  type: 'ApprovalRoundCompleted',
  data: { orderId: facts.orderId, companyId: facts.companyId, round: facts.round, outcome, ...(reason !== undefined ? { reason } : {}), total: facts.total, currency: facts.currency, rule, by, at },
});

const stepNotFound = (stepId: string): NotFound => new NotFound('APPROVAL.STEP_NOT_FOUND', `approval step ${stepId} not found`);

/** The checks every decision passes, in order: the step exists for the actor's company (404 otherwise),
 *  it is undecided, its round still open and it is the round's current step (409), the actor is not the requester (403,
 *  separation of duties) and holds the step's authority (403). */
const decidable = (command: DecisionCommand, state: ApprovalRound) => {
  const { by: actor, now } = command.meta;
  const { stepId } = command.data;
  if (state.status === 'none' || state.facts === null || state.facts.companyId !== actor.companyId) throw stepNotFound(stepId);
  const facts = state.facts;
  const step = state.steps.find((s) => s.stepId === stepId);
  if (!step) throw stepNotFound(stepId);
  if (step.decision) throw new Conflict('APPROVAL.STEP_DECIDED', `level ${step.level} was already decided (${step.decision.outcome})`);
  if (state.status !== 'open') {
    const ended = state.status === 'decided' ? state.outcome : 'cancelled';
    throw new Conflict('APPROVAL.ROUND_FINISHED', `approval round ${facts.round} of order ${facts.orderId} is already ${ended}`);
  }
  const current = currentStep(state)!;
  if (current.stepId !== step.stepId) throw new Conflict('APPROVAL.NOT_CURRENT_STEP', `level ${current.level} (${current.role}) must decide before level ${step.level}`);
  if (actor.userId === facts.requestedBy.userId) throw new Forbidden('APPROVAL.OWN_ORDER', 'you cannot decide on an order you submitted');
  const authority = authorityFor(
    { role: step.role, companyId: facts.companyId, requestedByUserId: facts.requestedBy.userId, escalated: step.escalatedAt !== null },
    actor, command.data.delegations, now,
  );
  if (!authority) throw new Forbidden('APPROVAL.NOT_AUTHORISED', `level ${step.level} must be decided by the role ${step.role}${step.escalatedAt ? ' or company-admin' : ''}`);
  const isLast = state.steps.every((s) => s === step || s.decision !== null);
  return { facts, step, isLast, ref: stepRef(facts, step), onBehalfOf: authority.onBehalfOf, by: actingAs(actor, authority.role), at: now.toISOString() };
};

const withOptional = <T extends object>(data: T): T => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as T;

const required = (text: string, field: string): string => {
  if (text.trim() === '') throw new Invalid('APPROVAL.TEXT_REQUIRED', `${field} is required`);
  return text;
};

const decide = (command: ApprovalRoundCommand, state: ApprovalRound): ApprovalRoundEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'OpenRound': {
      // Redelivered submit (already open or decided), or the order was cancelled first: nothing new.
      if (state.status !== 'none') return [];
      const { policy, stepIds, ...data } = command.data;
      const facts: RoundFacts = {
        orderId: data.orderId, companyId: data.companyId, round: data.round, total: data.total, currency: data.currency, agreementId: data.agreementId,
        agreementVersion: data.agreementVersion, budgetExceeded: data.budgetExceeded, submittedAt: data.submittedAt, requestedBy: data.requestedBy,
      };
      const levels = requiredLevels(policy, facts.total, facts.currency);
      if (stepIds.length < levels.length) throw new Error(`OpenRound needs ${levels.length} step ids, got ${stepIds.length}`);
      const steps = levels.map((l, i) => ({ stepId: stepIds[i]!, level: l.level, role: l.role, minTotal: l.minTotal, rule: l.rule }));
      const opened: ApprovalRoundEvent = { type: 'ApprovalRoundOpened', data: { ...facts, policy: [...policy], steps, by: facts.requestedBy, at } };
      return steps.length > 0 ? [opened] : [opened, completed(facts, 'approved', `no approval level applies to ${facts.total} ${facts.currency}`, null, at)];
    }
    case 'ApproveStep': {
      const { facts, step, isLast, ref, onBehalfOf, by } = decidable(command, state);
      const approved: ApprovalRoundEvent = { type: 'ApprovalStepApproved', data: withOptional({ ...ref, comment: command.data.comment, onBehalfOf, by, at }) };
      if (!isLast) return [approved];
      return [approved, completed(facts, 'approved', `all ${step.level} required levels approved for ${facts.total} ${facts.currency}`, by, at)];
    }
    case 'RejectStep': {
      const { facts, step, ref, onBehalfOf, by } = decidable(command, state);
      const reason = required(command.data.reason, 'reason');
      return [
        { type: 'ApprovalStepRejected', data: withOptional({ ...ref, reason, onBehalfOf, by, at }) },
        completed(facts, 'rejected', `level ${step.level} rejected (${step.rule})`, by, at, reason),
      ];
    }
    case 'RequestChanges': {
      const { facts, step, ref, onBehalfOf, by } = decidable(command, state);
      const comment = required(command.data.comment, 'comment');
      return [
        { type: 'ApprovalStepChangesRequested', data: withOptional({ ...ref, comment, onBehalfOf, by, at }) },
        completed(facts, 'changes-requested', `level ${step.level} requested changes (${step.rule})`, by, at, comment),
      ];
    }
    case 'EscalateStep': {
      const step = currentStep(state);
      // The step was decided or the round ended since the scheduler looked, it escalated already, or it is not yet due.
      if (state.status !== 'open' || step?.stepId !== command.data.stepId || step.escalatedAt !== null || !isDue(step.openedAt!, command.data.slaHours, command.meta.now)) return [];
      return [{ type: 'ApprovalStepEscalated', data: { ...stepRef(state.facts, step), escalatedTo: 'company-admin', openedAt: step.openedAt!, slaHours: command.data.slaHours, by: null, at } }];
    }
    case 'RemindStep': {
      const step = currentStep(state);
      if (state.status !== 'open' || step?.stepId !== command.data.stepId || step.remindedAt !== null || !isDue(step.openedAt!, command.data.reminderHours, command.meta.now)) return [];
      return [{ type: 'ApprovalStepReminderDue', data: { ...stepRef(state.facts, step), openedAt: step.openedAt!, reminderHours: command.data.reminderHours, by: null, at } }];
    }
    case 'CancelRound': {
      // A decided or cancelled round has nothing left to close.
      if (state.status !== 'none' && state.status !== 'open') return [];
      const { cancelledBy, ...data } = command.data;
      return [{ type: 'ApprovalRoundCancelled', data: { ...data, opened: state.status === 'open', by: cancelledBy, at } }];
    }
    default:
      return assertNever(command);
  }
};

const updateStep = (state: Open, stepId: string, change: (step: ApprovalStep) => ApprovalStep): Open => ({
  ...state,
  steps: state.steps.map((s) => (s.stepId === stepId ? change(s) : s)),
});

/** Records a decision; an approval makes the next level the one to decide from now on. */
const recordDecision = (state: ApprovalRound, event: Extract<ApprovalRoundEvent, { type: 'ApprovalStepApproved' | 'ApprovalStepRejected' | 'ApprovalStepChangesRequested' }>): ApprovalRound => {
  if (state.status !== 'open') return state;
  const { by, at, onBehalfOf } = event.data;
  const outcome: RoundOutcome = event.type === 'ApprovalStepApproved' ? 'approved' : event.type === 'ApprovalStepRejected' ? 'rejected' : 'changes-requested';
  const comment = event.type === 'ApprovalStepRejected' ? event.data.reason : event.data.comment;
  const decision = { outcome, by, at, ...(onBehalfOf !== undefined ? { onBehalfOf } : {}), ...(comment !== undefined ? { comment } : {}) };
  const decided = updateStep(state, event.data.stepId, (s) => ({ ...s, decision }));
  const next = outcome === 'approved' ? currentStep(decided) : undefined;
  return next ? updateStep(decided, next.stepId, (s) => ({ ...s, openedAt: at })) : decided;
};

const evolve = (state: ApprovalRound, event: ApprovalRoundEvent): ApprovalRound => {
  switch (event.type) {
    case 'ApprovalRoundOpened': {
      const { policy: _policy, steps, by: _by, at, ...facts } = event.data;
      return {
        status: 'open', facts,
        steps: steps.map((s, i) => ({ ...s, openedAt: i === 0 ? at : null, escalatedAt: null, remindedAt: null, decision: null })),
      };
    }
    case 'ApprovalStepApproved':
    case 'ApprovalStepRejected':
    case 'ApprovalStepChangesRequested':
      return recordDecision(state, event);
    case 'ApprovalStepEscalated':
      return state.status === 'open' ? updateStep(state, event.data.stepId, (s) => ({ ...s, escalatedAt: event.data.at })) : state;
    case 'ApprovalStepReminderDue':
      return state.status === 'open' ? updateStep(state, event.data.stepId, (s) => ({ ...s, remindedAt: event.data.at })) : state;
    case 'ApprovalRoundCompleted':
      return state.status === 'open' ? { status: 'decided', facts: state.facts, steps: state.steps, outcome: event.data.outcome, decidedAt: event.data.at } : state;
    case 'ApprovalRoundCancelled':
      return { status: 'cancelled', facts: state.status === 'none' ? null : state.facts, steps: state.status === 'none' ? [] : state.steps };
    default:
      return assertNever(event);
  }
};

export const approvalRoundDecider: Decider<ApprovalRound, ApprovalRoundCommand, ApprovalRoundEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };

/** One stream per order and approval round. */
export const approvalRoundStream = (orderId: string, round: number): string => `approval-${orderId}-${round}`;
