import type { ActorRef, Command, CustomerRole } from '@b2b/kernel';
import type { PolicyLevel } from '../approval-policy/approval-policy.js';
import type { Delegation } from '../delegation/delegation.decider.js';

/** What approvals learnt about the order from ordering.OrderSubmitted. */
export interface RoundFacts {
  readonly orderId: string;
  readonly companyId: string;
  readonly round: number;
  readonly total: string;
  readonly currency: string;
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly budgetExceeded: boolean;
  readonly submittedAt: string;
  readonly requestedBy: ActorRef;
}

/** A required level as the round opened it; `stepId` is the URL-safe id approvers use. */
export interface OpenedStep {
  readonly stepId: string;
  readonly level: number;
  readonly role: CustomerRole;
  readonly minTotal: string;
  readonly rule: string;
}

export type RoundOutcome = 'approved' | 'rejected' | 'changes-requested';

export interface StepDecision {
  readonly outcome: RoundOutcome;
  readonly by: ActorRef;
  readonly onBehalfOf?: string;
  readonly comment?: string;
  readonly at: string;
}

export interface ApprovalStep extends OpenedStep {
  /** When the step became the one to decide (null while an earlier level is undecided). */
  readonly openedAt: string | null;
  readonly escalatedAt: string | null;
  readonly remindedAt: string | null;
  readonly decision: StepDecision | null;
}

/** A step event names the step, the rule that required it and the order total it was judged on. */
export type StepRef = {
  orderId: string; companyId: string; round: number; stepId: string; level: number; role: CustomerRole; minTotal: string; rule: string; total: string; currency: string;
};
type Delegated = { onBehalfOf?: string };
type By = { by: ActorRef; at: string };

export type ApprovalRoundEvent =
  | { type: 'ApprovalRoundOpened'; data: RoundFacts & { policy: PolicyLevel[]; steps: OpenedStep[] } & By }
  | { type: 'ApprovalStepApproved'; data: StepRef & { comment?: string } & Delegated & By }
  | { type: 'ApprovalStepRejected'; data: StepRef & { reason: string } & Delegated & By }
  | { type: 'ApprovalStepChangesRequested'; data: StepRef & { comment: string } & Delegated & By }
  /** The step stayed undecided past the company's SLA: its company-admin may now decide it too. */
  | { type: 'ApprovalStepEscalated'; data: StepRef & { escalatedTo: 'company-admin'; openedAt: string; slaHours: number; by: null; at: string } }
  | { type: 'ApprovalStepReminderDue'; data: StepRef & { openedAt: string; reminderHours: number; by: null; at: string } }
  /** `by` is who ended the round; null when no level applied. */
  | { type: 'ApprovalRoundCompleted'; data: { orderId: string; companyId: string; round: number; outcome: RoundOutcome; reason?: string; total: string; currency: string; rule: string; by: ActorRef | null; at: string } }
  /** The order was cancelled: open steps close without a decision. `opened` false: the cancel came first. */
  | { type: 'ApprovalRoundCancelled'; data: { orderId: string; companyId: string; round: number; reason: string; opened: boolean } & By };

/** Decisions carry the delegations in force for the deciding user (looked up by the handler). */
type Decision = { stepId: string; delegations: readonly Delegation[] };

export type ApprovalRoundCommand =
  /** `stepIds`: at least one fresh id per policy level (the required ones take them in order). */
  | Command<'OpenRound', RoundFacts & { policy: readonly PolicyLevel[]; stepIds: readonly string[] }>
  | Command<'ApproveStep', Decision & { comment?: string }>
  | Command<'RejectStep', Decision & { reason: string }>
  | Command<'RequestChanges', Decision & { comment: string }>
  /** Timer inputs: they do nothing when the step is no longer waiting or the time is not yet due. */
  | Command<'EscalateStep', { stepId: string; slaHours: number }>
  | Command<'RemindStep', { stepId: string; reminderHours: number }>
  | Command<'CancelRound', { orderId: string; companyId: string; round: number; reason: string; cancelledBy: ActorRef }>;

export type ApprovalRound =
  | { status: 'none' }
  | { status: 'open'; facts: RoundFacts; steps: readonly ApprovalStep[] }
  | { status: 'decided'; facts: RoundFacts; steps: readonly ApprovalStep[]; outcome: RoundOutcome; decidedAt: string }
  | { status: 'cancelled'; facts: RoundFacts | null; steps: readonly ApprovalStep[] };
