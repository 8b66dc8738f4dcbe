export { ApprovalsModule, type ApprovalsModuleOptions } from './approvals.module.js';
export { EscalationScheduler, type TickReport } from './application/escalation.scheduler.js';
