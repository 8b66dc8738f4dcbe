import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CUSTOMER_ROLES, type Actor } from '@b2b/kernel';
import type { ApprovalSettings } from '@b2b/approvals-domain';
import { AnyRole, CurrentActor, Roles } from '@b2b/auth';
import { Idempotent, WithoutIdempotencyKey } from '@b2b/nest';
import { ApprovalRoundHandler, type DecisionView } from '../application/approval-round.handler.js';
import { ApprovalQuery, type InboxItem, type OrderApprovalsView } from '../application/approval.query.js';
import { ApprovalSettingsHandler } from '../application/approval-settings.handler.js';
import { DelegationHandler, type DelegationView } from '../application/delegation.handler.js';
import { PolicyReplayQuery, type PolicyReplayView } from '../application/policy-replay.query.js';
import {
  ApprovalSettingsRequest, ApproveStepRequest, CreateDelegationRequest, RejectStepRequest, RequestChangesRequest, SimulatePolicyRequest,
} from './dto/approvals.requests.js';

/** Deciding happens on behalf of a customer company; supplier staff only read the trail. */
const CustomerUser = (): MethodDecorator & ClassDecorator => Roles(...CUSTOMER_ROLES);

@ApiTags('approvals')
@ApiBearerAuth()
@Idempotent()
@Controller('approvals')
export class ApprovalsController {
  constructor(
    private readonly rounds: ApprovalRoundHandler,
    private readonly query: ApprovalQuery,
    private readonly delegations: DelegationHandler,
    private readonly settings: ApprovalSettingsHandler,
    private readonly replay: PolicyReplayQuery,
  ) {}

  @Get('inbox')
  @AnyRole()
  inbox(@CurrentActor() actor: Actor): Promise<InboxItem[]> {
    return this.query.inbox(actor);
  }

  @Post(':stepId/approve')
  @CustomerUser()
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('stepId') stepId: string, @Body() body: ApproveStepRequest): Promise<DecisionView> {
    return this.rounds.decide(actor, stepId, { kind: 'approve', ...(body.comment !== undefined ? { comment: body.comment } : {}) });
  }

  @Post(':stepId/reject')
  @CustomerUser()
  @HttpCode(200)
  reject(@CurrentActor() actor: Actor, @Param('stepId') stepId: string, @Body() body: RejectStepRequest): Promise<DecisionView> {
    return this.rounds.decide(actor, stepId, { kind: 'reject', reason: body.reason });
  }

  @Post(':stepId/request-changes')
  @CustomerUser()
  @HttpCode(200)
  requestChanges(@CurrentActor() actor: Actor, @Param('stepId') stepId: string, @Body() body: RequestChangesRequest): Promise<DecisionView> {
    return this.rounds.decide(actor, stepId, { kind: 'request-changes', comment: body.comment });
  }

  /** Every approval round of the order with every decision (who, role, on whose behalf, when, comment). */
  @Get('orders/:orderId')
  @AnyRole()
  order(@CurrentActor() actor: Actor, @Param('orderId') orderId: string): Promise<OrderApprovalsView> {
    return this.query.order(actor, orderId);
  }

  /** Lets a colleague decide, for the period, the steps your roles could decide. */
  @Post('delegations')
  @CustomerUser()
  delegate(@CurrentActor() actor: Actor, @Body() body: CreateDelegationRequest): Promise<DelegationView> {
    return this.delegations.delegate(actor, { delegateUserId: body.delegateUserId, from: body.from, to: body.to });
  }

  /** The delegations you gave and received. */
  @Get('delegations')
  @CustomerUser()
  listDelegations(@CurrentActor() actor: Actor): Promise<DelegationView[]> {
    return this.delegations.list(actor);
  }

  @Post('delegations/:id/revoke')
  @CustomerUser()
  @HttpCode(200)
  revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DelegationView> {
    return this.delegations.revoke(actor, id);
  }

  /** Replays a company's orders submitted in [from, to] under a proposed policy, against what happened;
   *  writes nothing. Customers who approve or set policy, for their own company; supplier staff who
   *  negotiate agreements, for any company. */
  @Post('simulate')
  @WithoutIdempotencyKey('reads only: a replay of the policy over past orders writes nothing')
  @Roles('company-admin', 'procurement', 'approver', 'finance', 'supplier-admin', 'sales')
  @HttpCode(200)
  simulate(@CurrentActor() actor: Actor, @Body() body: SimulatePolicyRequest): Promise<PolicyReplayView> {
    return this.replay.simulate(actor, { companyId: body.companyId, levels: body.approvalPolicy.levels.map((l) => ({ minTotal: l.minTotal, role: l.role })), from: body.from, to: body.to });
  }

  @Get('settings')
  @CustomerUser()
  getSettings(@CurrentActor() actor: Actor): Promise<ApprovalSettings> {
    return this.settings.get(actor);
  }

  @Put('settings')
  @Roles('company-admin')
  changeSettings(@CurrentActor() actor: Actor, @Body() body: ApprovalSettingsRequest): Promise<ApprovalSettings> {
    return this.settings.change(actor, { slaHours: body.slaHours, reminderHours: body.reminderHours });
  }
}
