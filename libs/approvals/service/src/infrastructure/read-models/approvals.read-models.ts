import type { ServiceReadModels } from '@b2b/nest';
import { approvalDelegationsProjection } from './approval-delegations.projection.js';
import { approvalRoundsProjection } from './approval-rounds.projection.js';
import { approvalSubmissionsProjection } from './approval-submissions.projection.js';
import { APPROVALS_ENTITIES } from './approvals.entities.js';

/** Approvals' tables, all of them projections of its own events. */
export const approvalsReadModels: ServiceReadModels = {
  service: 'approvals',
  entities: APPROVALS_ENTITIES,
  projections: [approvalRoundsProjection, approvalDelegationsProjection, approvalSubmissionsProjection],
};
