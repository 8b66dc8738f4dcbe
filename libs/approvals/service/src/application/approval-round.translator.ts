import { ApprovalRoundDecided, envelopeOf, type ApprovalDecisionV1, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import type { ApprovalRound, ApprovalRoundEvent, ApprovalStep } from '@b2b/approvals-domain';

type Completed = Extract<ApprovalRoundEvent, { type: 'ApprovalRoundCompleted' }>['data'];

const decisionOf = (step: ApprovalStep & { decision: NonNullable<ApprovalStep['decision']> }): ApprovalDecisionV1 => {
  const { by, onBehalfOf, comment, at } = step.decision;
  return { level: step.level, role: step.role, minTotal: step.minTotal, by, ...(onBehalfOf !== undefined ? { onBehalfOf } : {}), ...(comment !== undefined ? { comment } : {}), at };
};

/** Domain events → integration events: only the end of a round leaves the service, as
 *  approvals.ApprovalRoundDecided with every decision taken in it. A cancelled round is announced by
 *  nobody (ordering cancelled the order itself); escalations and reminders stay inside. */
export const translateApprovalRoundEvents = (
  events: readonly NewEvent<ApprovalRoundEvent>[],
  state: ApprovalRound,
  context: { readonly correlationId: string; readonly causationId: string | null },
): Envelope[] =>
  events.flatMap((event) => {
    if (event.type !== 'ApprovalRoundCompleted') return [];
    if (state.status !== 'decided') throw new Error(`unreachable: ${event.type} leaves the round ${state.status}`);
    const { orderId, companyId, round, outcome, reason, by, at } = event.data as Completed;
    const decisions = state.steps.flatMap((s) => (s.decision ? [decisionOf({ ...s, decision: s.decision })] : []));
    const payload = { orderId, companyId, round, outcome, ...(reason !== undefined ? { reason } : {}), decisions, decidedAt: at, ...(by ? { decidedBy: by } : {}) };
    return [envelopeOf(ApprovalRoundDecided, payload, { eventId: event.id, ...context, actor: by, occurredAt: at })];
  });
