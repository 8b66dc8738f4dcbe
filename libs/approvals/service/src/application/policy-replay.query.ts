import { Injectable } from '@nestjs/common';
import { Between, DataSource, In } from 'typeorm';
import { RuleViolated, type Actor } from '@b2b/kernel';
import { assertCanSeeCompany } from '@b2b/auth';
import { ServiceRuntime } from '@b2b/nest';
import {
  checkProposedPolicy, replayPeriod, replayPolicy, type PolicyLevel, type PolicyReplay, type ReplayDecision, type ReplayOutcome, type SubmittedRound,
} from '@b2b/approvals-domain';
import { ApprovalRoundEntity, ApprovalStepEntity, ApprovalSubmissionEntity, type RoundStatus } from '../infrastructure/read-models/approvals.entities.js';

/** More submissions than this in one period: ask for a shorter one (422) rather than build a huge answer. */
export const MAX_REPLAY_SUBMISSIONS = 10_000;

export interface PolicyReplayRequest {
  readonly companyId: string;
  readonly levels: readonly PolicyLevel[];
  readonly from: string;
  readonly to: string;
}

export interface PolicyReplayView extends PolicyReplay {
  readonly companyId: string;
  /** The submission period, both ends included. */
  readonly period: { readonly from: string; readonly to: string };
  readonly approvalPolicy: { readonly levels: readonly PolicyLevel[] };
}

const OUTCOME: Record<RoundStatus, ReplayOutcome> = { open: 'pending', approved: 'approved', rejected: 'rejected', 'changes-requested': 'changes-requested', cancelled: 'cancelled' };

const decisionOf = (step: ApprovalStepEntity): ReplayDecision[] => {
  if (!step.decidedBy || !step.decidedAt || (step.status !== 'approved' && step.status !== 'rejected' && step.status !== 'changes-requested')) return [];
  return [{ level: step.level, role: step.role, outcome: step.status, by: step.decidedBy, ...(step.onBehalfOf ? { onBehalfOf: step.onBehalfOf } : {}), at: step.decidedAt.toISOString() }];
};

/** Policy replay: a company's submissions of a period judged again under a proposed approval policy.
 *  Reads the approval read models in one read-only transaction: nothing is appended or stored. */
@Injectable()
export class PolicyReplayQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
  ) {}

  /** Another company's data is not found (404) unless the caller is supplier staff; a bad proposal or
   *  period is refused (400); more than MAX_REPLAY_SUBMISSIONS submissions in the period 422. */
  async simulate(actor: Actor, request: PolicyReplayRequest): Promise<PolicyReplayView> {
    const { companyId } = request;
    assertCanSeeCompany(actor, companyId, 'company', companyId);
    checkProposedPolicy(request.levels);
    const period = replayPeriod(request.from, request.to);
    await this.runtime.projected();
    const submissions = await this.read(companyId, period);
    return { companyId, period, approvalPolicy: { levels: request.levels }, ...replayPolicy(submissions, request.levels) };
  }

  private read(companyId: string, period: { from: string; to: string }): Promise<SubmittedRound[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const submissions = await manager.find(ApprovalSubmissionEntity, {
        where: { companyId, submittedAt: Between(new Date(period.from), new Date(period.to)) },
        order: { submittedAt: 'ASC' },
        take: MAX_REPLAY_SUBMISSIONS + 1,
      });
      if (submissions.length > MAX_REPLAY_SUBMISSIONS) {
        throw new RuleViolated('APPROVAL.REPLAY_TOO_LARGE', `more than ${MAX_REPLAY_SUBMISSIONS} submissions from ${period.from} to ${period.to}: replay a shorter period`);
      }
      if (submissions.length === 0) return [];
      const orderId = In([...new Set(submissions.map((s) => s.orderId))]);
      const rounds = await manager.find(ApprovalRoundEntity, { where: { companyId, orderId } });
      const steps = await manager.find(ApprovalStepEntity, { where: { companyId, orderId }, order: { level: 'ASC' } });
      const key = (r: { orderId: string; round: number }) => `${r.orderId}/${r.round}`;
      const statusOf = new Map(rounds.map((r) => [key(r), r.status]));
      const stepsOf = new Map<string, ApprovalStepEntity[]>();
      for (const step of steps) {
        const own = stepsOf.get(key(step));
        if (own) own.push(step);
        else stepsOf.set(key(step), [step]);
      }
      return submissions.map((s): SubmittedRound => {
        const own = stepsOf.get(key(s)) ?? [];
        return {
          orderId: s.orderId, round: s.round, submittedAt: s.submittedAt.toISOString(), total: s.total, currency: s.currency,
          outcome: OUTCOME[statusOf.get(key(s)) ?? 'open'], // no round row yet: it opened after projected() returned
          requiredLevels: own.map((step) => ({ level: step.level, role: step.role, minTotal: step.minTotal, rule: step.rule })),
          decisions: own.flatMap(decisionOf),
        };
      });
    });
  }
}
