export { ApprovalsModule, type ApprovalsModuleOptions } from './approvals.module.js';
export { EscalationScheduler, type TickReport } from './application/escalation.scheduler.js';
export { approvalsReadModels } from './infrastructure/read-models/approvals.read-models.js';
