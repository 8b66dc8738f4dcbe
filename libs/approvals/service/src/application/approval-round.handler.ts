import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, IdGenerator, NotFound, SYSTEM_USER_ID, actingAs, isUuid, type Actor, type ActorRef } from '@b2b/kernel';
import { EventStore, handleCommand, type EventMetadata, type HandleResult } from '@b2b/event-store';
import type { Envelope, OrderCancelledV1, OrderSubmittedV1 } from '@b2b/contracts';
import { ServiceRuntime } from '@b2b/nest';
import {
  approvalRoundDecider, approvalRoundStream, authorityFor, currentStep, type ApprovalRound, type ApprovalRoundCommand, type ApprovalRoundEvent, type RoundOutcome,
} from '@b2b/approvals-domain';
import { ApprovalStepEntity } from '../infrastructure/read-models/approvals.entities.js';
import { translateApprovalRoundEvents } from './approval-round.translator.js';
import { DelegationHandler } from './delegation.handler.js';

export type Decision = { readonly kind: 'approve'; readonly comment?: string } | { readonly kind: 'reject'; readonly reason: string } | { readonly kind: 'request-changes'; readonly comment: string };

export interface DecisionView {
  readonly id: string;
  readonly orderId: string;
  readonly round: number;
  readonly level: number;
  readonly status: RoundOutcome;
  /** The round after the decision: still open (the next level decides: `nextStepId`) or ended. */
  readonly roundStatus: 'open' | RoundOutcome;
  readonly nextStepId?: string;
}

/** A step the scheduler found waiting (from the read model). */
export interface WaitingStep {
  readonly stepId: string;
  readonly orderId: string;
  readonly round: number;
  readonly companyId: string;
}

const ref = (actor: ActorRef): ActorRef => ({ userId: actor.userId, companyId: actor.companyId, role: actor.role });
const asActor = (actor: ActorRef): Actor => ({ userId: actor.userId, companyId: actor.companyId, roles: [actor.role] });

/** Approval-round commands: from ordering's events (open, cancel), from approvers (decide) and from
 *  the escalation scheduler. The step's stream is found through the read model; the decider, on the
 *  stream, has the last word, and a concurrent decision of the same step loses with 409. */
@Injectable()
export class ApprovalRoundHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly dataSource: DataSource,
    private readonly delegations: DelegationHandler,
  ) {}

  /** ordering.OrderSubmitted: opens the round (nothing new when it is open already or was cancelled first). */
  async open(order: OrderSubmittedV1, cause: Envelope): Promise<void> {
    const requestedBy = ref(order.submittedBy);
    const policy = order.approvalPolicy.map((l) => ({ minTotal: l.minTotal, role: l.role }));
    await this.run(
      {
        type: 'OpenRound',
        data: {
          orderId: order.orderId, companyId: order.companyId, round: order.round, total: order.total, currency: order.currency, agreementId: order.agreementId,
          agreementVersion: order.agreementVersion, budgetExceeded: order.budgetExceeded, submittedAt: order.submittedAt, requestedBy, policy, stepIds: policy.map(() => this.ids.next()),
        },
        meta: { by: asActor(requestedBy), now: this.clock.now() },
      },
      approvalRoundStream(order.orderId, order.round), this.causedBy(cause, requestedBy, order.companyId),
    );
  }

  /** ordering.OrderCancelled: closes the round's open steps, or remembers the cancel for a submit still to come. */
  async cancel(order: OrderCancelledV1, cause: Envelope): Promise<void> {
    const cancelledBy = ref(order.cancelledBy);
    await this.run(
      { type: 'CancelRound', data: { orderId: order.orderId, companyId: order.companyId, round: order.round, reason: order.reason, cancelledBy }, meta: { by: asActor(cancelledBy), now: this.clock.now() } },
      approvalRoundStream(order.orderId, order.round), this.causedBy(cause, cancelledBy, order.companyId),
    );
  }

  async decide(actor: Actor, stepId: string, decision: Decision): Promise<DecisionView> {
    const step = await this.findStep(actor, stepId);
    const now = this.clock.now();
    const delegations = await this.delegations.inForceFor(actor, now);
    const data = { stepId, delegations };
    const meta = { by: actor, now };
    const command: ApprovalRoundCommand =
      decision.kind === 'approve' ? { type: 'ApproveStep', data: { ...data, ...(decision.comment !== undefined ? { comment: decision.comment } : {}) }, meta }
      : decision.kind === 'reject' ? { type: 'RejectStep', data: { ...data, reason: decision.reason }, meta }
      : { type: 'RequestChanges', data: { ...data, comment: decision.comment }, meta };
    const authority = authorityFor({ role: step.role, companyId: step.companyId, requestedByUserId: step.requestedByUserId, escalated: step.escalatedAt !== null }, actor, delegations, now);
    const { state } = await this.run(command, approvalRoundStream(step.orderId, step.round), {
      correlationId: this.ids.next(), causationId: null, actor: actingAs(actor, authority?.role ?? step.role), companyId: step.companyId,
    });
    const status: RoundOutcome = decision.kind === 'approve' ? 'approved' : decision.kind === 'reject' ? 'rejected' : 'changes-requested';
    const next = currentStep(state);
    return {
      id: stepId, orderId: step.orderId, round: step.round, level: step.level, status,
      roundStatus: state.status === 'decided' ? state.outcome : 'open', ...(next ? { nextStepId: next.stepId } : {}),
    };
  }

  /** Escalates the step if its SLA passed (the decider decides); true when it did. */
  async escalate(step: WaitingStep, slaHours: number, now: Date): Promise<boolean> {
    return this.timer(step, { type: 'EscalateStep', data: { stepId: step.stepId, slaHours }, meta: { by: this.system(step.companyId), now } });
  }

  /** Records that a reminder is due if reminderHours passed; true when it did. */
  async remind(step: WaitingStep, reminderHours: number, now: Date): Promise<boolean> {
    return this.timer(step, { type: 'RemindStep', data: { stepId: step.stepId, reminderHours }, meta: { by: this.system(step.companyId), now } });
  }

  private async timer(step: WaitingStep, command: ApprovalRoundCommand): Promise<boolean> {
    const { events } = await this.run(command, approvalRoundStream(step.orderId, step.round), { correlationId: this.ids.next(), causationId: null, actor: null, companyId: step.companyId });
    return events.length > 0;
  }

  private system(companyId: string): Actor {
    return { userId: SYSTEM_USER_ID, companyId, roles: [] };
  }

  private causedBy(cause: Envelope, actor: ActorRef, companyId: string): EventMetadata {
    return { correlationId: cause.correlationId, causationId: cause.eventId, actor, companyId };
  }

  /** The step as the read model knows it; another company's step is not found (404). */
  private async findStep(actor: Actor, stepId: string): Promise<ApprovalStepEntity> {
    const notFound = new NotFound('APPROVAL.STEP_NOT_FOUND', `approval step ${stepId} not found`);
    if (!isUuid(stepId)) throw notFound;
    const repository = this.dataSource.getRepository(ApprovalStepEntity);
    let step = await repository.findOneBy({ stepId });
    if (!step) {
      await this.runtime.projected(); // opened a moment ago: read our own writes
      step = await repository.findOneBy({ stepId });
    }
    if (!step || step.companyId !== actor.companyId) throw notFound;
    return step;
  }

  private async run(command: ApprovalRoundCommand, stream: string, meta: EventMetadata): Promise<HandleResult<ApprovalRound, ApprovalRoundEvent>> {
    const result = await handleCommand(this.store, stream, approvalRoundDecider, command, {
      eventId: () => this.ids.next(),
      meta,
      translate: (events, state) => translateApprovalRoundEvents(events, state, { correlationId: meta.correlationId, causationId: meta.causationId }),
    });
    if (result.events.length > 0) this.runtime.afterAppend();
    return result;
  }
}
