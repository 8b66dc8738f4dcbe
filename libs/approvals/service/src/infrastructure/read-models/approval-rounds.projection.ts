import { In, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { ApprovalRoundEvent } from '@b2b/approvals-domain';
import { ApprovalRoundEntity, ApprovalStepEntity, type StepStatus } from './approvals.entities.js';

type Decided = Extract<ApprovalRoundEvent, { type: 'ApprovalStepApproved' | 'ApprovalStepRejected' | 'ApprovalStepChangesRequested' }>;
const STATUS: Record<Decided['type'], StepStatus> = { ApprovalStepApproved: 'approved', ApprovalStepRejected: 'rejected', ApprovalStepChangesRequested: 'changes-requested' };
const UNDECIDED = In(['waiting', 'open']);

const recordDecision = async (manager: EntityManager, event: Decided): Promise<void> => {
  const { stepId, orderId, round, level, by, at, onBehalfOf } = event.data;
  const comment = event.type === 'ApprovalStepRejected' ? event.data.reason : event.data.comment;
  await manager.update(ApprovalStepEntity, { stepId }, { status: STATUS[event.type], decidedAt: new Date(at), decidedBy: by, onBehalfOf: onBehalfOf ?? null, comment: comment ?? null });
  // an approval makes the next level the one to decide, from now on
  if (event.type === 'ApprovalStepApproved') await manager.update(ApprovalStepEntity, { orderId, round, level: level + 1, status: 'waiting' }, { status: 'open', openedAt: new Date(at) });
};

/** approval_rounds and approval_steps from the service's own approval-round events. */
export const approvalRoundsProjection: Projection = {
  name: 'approval-rounds',
  owns: [ApprovalRoundEntity, ApprovalStepEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<ApprovalRoundEvent>;
    switch (event.type) {
      case 'ApprovalRoundOpened': {
        const { orderId, round, companyId, total, currency, requestedBy, budgetExceeded, agreementId, agreementVersion, steps, at } = event.data;
        await manager.upsert(
          ApprovalRoundEntity,
          { orderId, round, companyId, status: 'open', total, currency, requestedBy, budgetExceeded, agreementId, agreementVersion, openedAt: new Date(at), endedAt: null, endedBy: null, reason: null, rule: null },
          ['orderId', 'round'],
        );
        if (steps.length === 0) return;
        await manager.upsert(
          ApprovalStepEntity,
          steps.map((s, i) => ({
            ...s, orderId, round, companyId, orderTotal: total, currency, requestedBy, requestedByUserId: requestedBy.userId, budgetExceeded,
            status: i === 0 ? ('open' as const) : ('waiting' as const), openedAt: i === 0 ? new Date(at) : null,
            escalatedAt: null, remindedAt: null, decidedAt: null, decidedBy: null, onBehalfOf: null, comment: null,
          })),
          ['stepId'],
        );
        return;
      }
      case 'ApprovalStepApproved':
      case 'ApprovalStepRejected':
      case 'ApprovalStepChangesRequested':
        return recordDecision(manager, event);
      case 'ApprovalStepEscalated':
        await manager.update(ApprovalStepEntity, { stepId: event.data.stepId }, { escalatedAt: new Date(event.data.at) });
        return;
      case 'ApprovalStepReminderDue':
        await manager.update(ApprovalStepEntity, { stepId: event.data.stepId }, { remindedAt: new Date(event.data.at) });
        return;
      case 'ApprovalRoundCompleted': {
        const { orderId, round, outcome, reason, rule, by, at } = event.data;
        await manager.update(ApprovalRoundEntity, { orderId, round }, { status: outcome, endedAt: new Date(at), endedBy: by, reason: reason ?? null, rule });
        await manager.update(ApprovalStepEntity, { orderId, round, status: UNDECIDED }, { status: 'skipped' });
        return;
      }
      case 'ApprovalRoundCancelled': {
        const { orderId, round, companyId, reason, by, at } = event.data;
        await manager.upsert(ApprovalRoundEntity, { orderId, round, companyId, status: 'cancelled', endedAt: new Date(at), endedBy: by, reason }, ['orderId', 'round']);
        await manager.update(ApprovalStepEntity, { orderId, round, status: UNDECIDED }, { status: 'cancelled' });
        return;
      }
      default:
        return;
    }
  },
};
