import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { Clock, NotFound, isUuid, type Actor, type ActorRef, type CustomerRole } from '@b2b/kernel';
import { canSeeCompany } from '@b2b/auth';
import { ServiceRuntime } from '@b2b/nest';
import { authorityFor } from '@b2b/approvals-domain';
import { ApprovalRoundEntity, ApprovalStepEntity, type RoundStatus, type StepStatus } from '../infrastructure/read-models/approvals.entities.js';
import { DelegationHandler } from './delegation.handler.js';

export interface InboxItem {
  /** The step id: POST /api/approvals/:id/approve | reject | request-changes. */
  readonly id: string;
  readonly orderId: string;
  readonly round: number;
  readonly level: number;
  readonly role: CustomerRole;
  readonly minTotal: string;
  readonly orderTotal: string;
  readonly currency: string;
  readonly requestedBy: ActorRef;
  readonly budgetExceeded: boolean;
  /** Why this level is required, e.g. "orders of 1000.00 EUR or more need approver". */
  readonly rule: string;
  readonly openedAt: string;
  readonly escalated: boolean;
  /** Set when the caller sees the step through a delegation: the delegator's user id. */
  readonly onBehalfOf?: string;
}

export interface StepView {
  readonly id: string;
  readonly level: number;
  readonly role: CustomerRole;
  readonly minTotal: string;
  readonly rule: string;
  readonly status: StepStatus;
  readonly openedAt: string | null;
  readonly escalatedAt: string | null;
  readonly remindedAt: string | null;
  readonly decision: { readonly by: ActorRef; readonly role: string; readonly onBehalfOf?: string; readonly at: string; readonly comment?: string } | null;
}

export interface RoundView {
  readonly round: number;
  readonly status: RoundStatus;
  readonly total: string | null;
  readonly currency: string | null;
  readonly requestedBy: ActorRef | null;
  readonly budgetExceeded: boolean;
  readonly agreementId: string | null;
  readonly agreementVersion: number | null;
  readonly openedAt: string | null;
  readonly endedAt: string | null;
  readonly endedBy: ActorRef | null;
  readonly reason: string | null;
  readonly rule: string | null;
  readonly steps: StepView[];
}

export interface OrderApprovalsView {
  readonly orderId: string;
  readonly companyId: string;
  readonly rounds: RoundView[];
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const stepView = (s: ApprovalStepEntity): StepView => ({
  id: s.stepId, level: s.level, role: s.role, minTotal: s.minTotal, rule: s.rule, status: s.status,
  openedAt: iso(s.openedAt), escalatedAt: iso(s.escalatedAt), remindedAt: iso(s.remindedAt),
  decision: s.decidedBy && s.decidedAt
    ? { by: s.decidedBy, role: s.decidedBy.role, ...(s.onBehalfOf ? { onBehalfOf: s.onBehalfOf } : {}), at: s.decidedAt.toISOString(), ...(s.comment !== null ? { comment: s.comment } : {}) }
    : null,
});

/** Reads of the approval read models: inboxes and an order's rounds with every decision. */
@Injectable()
export class ApprovalQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly runtime: ServiceRuntime,
    private readonly delegations: DelegationHandler,
  ) {}

  /** The steps the caller may decide now: current steps of open rounds of the caller's company whose
   *  role the caller holds (or holds through a delegation in force, or as company-admin once escalated),
   *  never the caller's own orders. Oldest first. */
  async inbox(actor: Actor): Promise<InboxItem[]> {
    await this.runtime.projected();
    const now = this.clock.now();
    const delegations = await this.delegations.inForceFor(actor, now);
    const roles = [...new Set<string>([...actor.roles, ...delegations.flatMap((d) => d.roles)])];
    const open = { companyId: actor.companyId, status: 'open' as const, requestedByUserId: Not(actor.userId) };
    const rows = await this.dataSource.getRepository(ApprovalStepEntity).find({
      where: [{ ...open, role: In(roles as CustomerRole[]) }, { ...open, escalatedAt: Not(IsNull()) }],
      order: { openedAt: 'ASC', level: 'ASC' },
    });
    return rows.flatMap((row) => {
      const authority = authorityFor({ role: row.role, companyId: row.companyId, requestedByUserId: row.requestedByUserId, escalated: row.escalatedAt !== null }, actor, delegations, now);
      if (!authority) return [];
      return [{
        id: row.stepId, orderId: row.orderId, round: row.round, level: row.level, role: row.role, minTotal: row.minTotal, orderTotal: row.orderTotal, currency: row.currency,
        requestedBy: row.requestedBy, budgetExceeded: row.budgetExceeded, rule: row.rule, openedAt: row.openedAt!.toISOString(), escalated: row.escalatedAt !== null,
        ...(authority.onBehalfOf ? { onBehalfOf: authority.onBehalfOf } : {}),
      }];
    });
  }

  /** Every round of an order with its steps and decisions; for the order's company and supplier staff (404 otherwise). */
  async order(actor: Actor, orderId: string): Promise<OrderApprovalsView> {
    const notFound = new NotFound('ORDER.NOT_FOUND', `no approvals for order ${orderId}`);
    if (!isUuid(orderId)) throw notFound;
    await this.runtime.projected();
    const rounds = await this.dataSource.getRepository(ApprovalRoundEntity).find({ where: { orderId }, order: { round: 'ASC' } });
    const companyId = rounds[0]?.companyId;
    if (companyId === undefined || !canSeeCompany(actor, companyId)) throw notFound;
    const steps = await this.dataSource.getRepository(ApprovalStepEntity).find({ where: { orderId }, order: { round: 'ASC', level: 'ASC' } });
    return {
      orderId, companyId,
      rounds: rounds.map((r) => ({
        round: r.round, status: r.status, total: r.total, currency: r.currency, requestedBy: r.requestedBy, budgetExceeded: r.budgetExceeded,
        agreementId: r.agreementId, agreementVersion: r.agreementVersion, openedAt: iso(r.openedAt), endedAt: iso(r.endedAt), endedBy: r.endedBy,
        reason: r.reason, rule: r.rule, steps: steps.filter((s) => s.round === r.round).map(stepView),
      })),
    };
  }
}
