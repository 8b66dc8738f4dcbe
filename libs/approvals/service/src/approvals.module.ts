import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ServiceRuntime, serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { ApprovalsController } from './api/approvals.controller.js';
import { ApprovalQuery } from './application/approval.query.js';
import { ApprovalRoundHandler } from './application/approval-round.handler.js';
import { ApprovalSettingsHandler } from './application/approval-settings.handler.js';
import { DelegationHandler } from './application/delegation.handler.js';
import { EscalationSchedule, EscalationScheduler } from './application/escalation.scheduler.js';
import { OrderEventsReaction } from './application/reactions/order-events.reaction.js';
import { approvalDelegationsProjection } from './infrastructure/read-models/approval-delegations.projection.js';
import { approvalRoundsProjection } from './infrastructure/read-models/approval-rounds.projection.js';
import { APPROVALS_ENTITIES } from './infrastructure/read-models/approvals.entities.js';

export interface ApprovalsModuleOptions {
  /** How often the escalation scheduler looks for overdue steps (default one minute; 0: only when its
   *  `tick` is called, as tests do with a fake clock). */
  readonly escalationTickMs?: number;
}

/** Approval rounds of submitted orders (levels from the agreement's policy, decided in order by the
 *  company's role holders or their delegates), escalation and reminders, inboxes, the decision trail. */
@Module({})
export class ApprovalsModule implements OnModuleInit {
  constructor(private readonly runtime: ServiceRuntime) {}

  static register(infrastructure: ServiceInfrastructure, options: ApprovalsModuleOptions = {}): DynamicModule {
    return {
      module: ApprovalsModule,
      controllers: [ApprovalsController],
      providers: [
        ...serviceProviders(infrastructure, APPROVALS_ENTITIES),
        { provide: EscalationSchedule, useValue: new EscalationSchedule(options.escalationTickMs ?? 60_000) },
        ApprovalRoundHandler,
        DelegationHandler,
        ApprovalSettingsHandler,
        ApprovalQuery,
        EscalationScheduler,
        OrderEventsReaction,
      ],
    };
  }

  onModuleInit(): void {
    this.runtime.addProjection(approvalRoundsProjection);
    this.runtime.addProjection(approvalDelegationsProjection);
  }
}
