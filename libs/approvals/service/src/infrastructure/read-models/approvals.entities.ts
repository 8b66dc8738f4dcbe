import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActorRef, CustomerRole } from '@b2b/kernel';
import type { PolicyLevel } from '@b2b/approvals-domain';

export type RoundStatus = 'open' | 'approved' | 'rejected' | 'changes-requested' | 'cancelled';
/** waiting: an earlier level decides first; open: the step to decide now; skipped: the round ended before it. */
export type StepStatus = 'waiting' | 'open' | 'approved' | 'rejected' | 'changes-requested' | 'skipped' | 'cancelled';

/** One approval round of an order (round 1, and one more per resubmission). A round cancelled before
 *  its submit arrived has no order facts and no steps. */
@Entity({ name: 'approval_rounds' })
export class ApprovalRoundEntity {
  @PrimaryColumn({ type: 'uuid', name: 'order_id' }) readonly orderId!: string;
  @PrimaryColumn({ type: 'int' }) readonly round!: number;
  @Index() @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text' }) readonly status!: RoundStatus;
  /** As the order gave it (decimal string). */
  @Column({ type: 'text', nullable: true }) readonly total!: string | null;
  @Column({ type: 'text', nullable: true }) readonly currency!: string | null;
  @Column({ type: 'jsonb', nullable: true, name: 'requested_by' }) readonly requestedBy!: ActorRef | null;
  @Column({ type: 'boolean', name: 'budget_exceeded', default: false }) readonly budgetExceeded!: boolean;
  @Column({ type: 'uuid', name: 'agreement_id', nullable: true }) readonly agreementId!: string | null;
  @Column({ type: 'int', name: 'agreement_version', nullable: true }) readonly agreementVersion!: number | null;
  @Column({ type: 'timestamptz', name: 'opened_at', nullable: true }) readonly openedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'ended_at', nullable: true }) readonly endedAt!: Date | null;
  /** Who ended the round (null: no level applied, or the order was cancelled: see cancelledBy). */
  @Column({ type: 'jsonb', name: 'ended_by', nullable: true }) readonly endedBy!: ActorRef | null;
  /** The rejection reason, the changes asked for, or why the order was cancelled. */
  @Column({ type: 'text', nullable: true }) readonly reason!: string | null;
  @Column({ type: 'text', nullable: true }) readonly rule!: string | null;
}

/** Every step of every round, with its decision: the inboxes and the decision trail read it. */
@Entity({ name: 'approval_steps' })
@Index(['companyId', 'status'])
@Index(['orderId', 'round', 'level'], { unique: true })
export class ApprovalStepEntity {
  @PrimaryColumn({ type: 'uuid', name: 'step_id' }) readonly stepId!: string;
  @Column({ type: 'uuid', name: 'order_id' }) readonly orderId!: string;
  @Column({ type: 'int' }) readonly round!: number;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'int' }) readonly level!: number;
  @Column({ type: 'text' }) readonly role!: CustomerRole;
  @Column({ type: 'text', name: 'min_total' }) readonly minTotal!: string;
  @Column({ type: 'text' }) readonly rule!: string;
  @Column({ type: 'text', name: 'order_total' }) readonly orderTotal!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'jsonb', name: 'requested_by' }) readonly requestedBy!: ActorRef;
  @Column({ type: 'uuid', name: 'requested_by_user_id' }) readonly requestedByUserId!: string;
  @Column({ type: 'boolean', name: 'budget_exceeded', default: false }) readonly budgetExceeded!: boolean;
  @Column({ type: 'text' }) readonly status!: StepStatus;
  @Column({ type: 'timestamptz', name: 'opened_at', nullable: true }) readonly openedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'escalated_at', nullable: true }) readonly escalatedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'reminded_at', nullable: true }) readonly remindedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) readonly decidedAt!: Date | null;
  @Column({ type: 'jsonb', name: 'decided_by', nullable: true }) readonly decidedBy!: ActorRef | null;
  @Column({ type: 'uuid', name: 'on_behalf_of', nullable: true }) readonly onBehalfOf!: string | null;
  @Column({ type: 'text', nullable: true }) readonly comment!: string | null;
}

/** Each submission (order and round) as approvals learnt it: when it was submitted, its total and the
 *  policy it was judged under. The policy replay selects a company's period from it. Fed by a
 *  projection of its own, so where it is new it fills from the whole event history. */
@Entity({ name: 'approval_submissions' })
@Index(['companyId', 'submittedAt'])
export class ApprovalSubmissionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'order_id' }) readonly orderId!: string;
  @PrimaryColumn({ type: 'int' }) readonly round!: number;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'timestamptz', name: 'submitted_at' }) readonly submittedAt!: Date;
  /** As the order gave it (decimal string). */
  @Column({ type: 'text' }) readonly total!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int', name: 'agreement_version' }) readonly agreementVersion!: number;
  @Column({ type: 'jsonb' }) readonly policy!: PolicyLevel[];
}

/** Delegations, by delegator and by delegate (a delegate's decisions look them up). */
@Entity({ name: 'approval_delegations' })
export class ApprovalDelegationEntity {
  @PrimaryColumn({ type: 'uuid', name: 'delegation_id' }) readonly delegationId!: string;
  @Index() @Column({ type: 'uuid', name: 'delegator_user_id' }) readonly delegatorUserId!: string;
  @Index() @Column({ type: 'uuid', name: 'delegate_user_id' }) readonly delegateUserId!: string;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text', array: true }) readonly roles!: CustomerRole[];
  @Column({ type: 'timestamptz', name: 'from_at' }) readonly from!: Date;
  @Column({ type: 'timestamptz', name: 'until_at' }) readonly until!: Date;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) readonly revokedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) readonly createdAt!: Date;
}

/** A company's escalation timing, when its company-admin set one (else the defaults apply). */
@Entity({ name: 'approval_settings' })
export class ApprovalSettingsEntity {
  @PrimaryColumn({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'int', name: 'sla_hours' }) readonly slaHours!: number;
  @Column({ type: 'int', name: 'reminder_hours' }) readonly reminderHours!: number;
  @Column({ type: 'timestamptz', name: 'changed_at' }) readonly changedAt!: Date;
}

export const APPROVALS_ENTITIES = [ApprovalRoundEntity, ApprovalStepEntity, ApprovalSubmissionEntity, ApprovalDelegationEntity, ApprovalSettingsEntity];
