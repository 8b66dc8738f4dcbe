import { Module, type DynamicModule } from '@nestjs/common';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { ApprovalsController } from './api/approvals.controller.js';
import { ApprovalQuery } from './application/approval.query.js';
import { ApprovalRoundHandler } from './application/approval-round.handler.js';
import { ApprovalSettingsHandler } from './application/approval-settings.handler.js';
import { DelegationHandler } from './application/delegation.handler.js';
import { EscalationSchedule, EscalationScheduler } from './application/escalation.scheduler.js';
import { PolicyReplayQuery } from './application/policy-replay.query.js';
import { OrderEventsReaction } from './application/reactions/order-events.reaction.js';
import { approvalsReadModels } from './infrastructure/read-models/approvals.read-models.js';

export interface ApprovalsModuleOptions {
  /** How often the escalation scheduler looks for overdue steps (default one minute; 0: only when its
   *  `tick` is called, as tests do with a fake clock). */
  readonly escalationTickMs?: number;
}

/** Approval rounds of submitted orders (levels from the agreement's policy, decided in order by the
 *  company's role holders or their delegates), escalation and reminders, inboxes, the decision trail,
 *  and policy replay (what a proposed policy would have required of past orders). */
@Module({})
export class ApprovalsModule {
  static register(infrastructure: ServiceInfrastructure, options: ApprovalsModuleOptions = {}): DynamicModule {
    return {
      module: ApprovalsModule,
      controllers: [ApprovalsController],
      providers: [
        ...serviceProviders(infrastructure, approvalsReadModels),
        { provide: EscalationSchedule, useValue: new EscalationSchedule(options.escalationTickMs ?? 60_000) },
        ApprovalRoundHandler,
        DelegationHandler,
        ApprovalSettingsHandler,
        ApprovalQuery,
        PolicyReplayQuery,
        EscalationScheduler,
        OrderEventsReaction,
      ],
    };
  }
}
