import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { ApprovalRoundEvent } from '@b2b/approvals-domain';
import { ApprovalSubmissionEntity } from './approvals.entities.js';

/** approval_submissions from ApprovalRoundOpened. A round whose cancel came before its submit never
 *  opened, so it has no submission (approvals never learnt its total). */
export const approvalSubmissionsProjection: Projection = {
  name: 'approval-submissions',
  owns: [ApprovalSubmissionEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<ApprovalRoundEvent>;
    if (event.type !== 'ApprovalRoundOpened') return;
    const { orderId, round, companyId, submittedAt, total, currency, agreementId, agreementVersion, policy } = event.data;
    await manager.upsert(
      ApprovalSubmissionEntity,
      { orderId, round, companyId, submittedAt: new Date(submittedAt), total, currency, agreementId, agreementVersion, policy: policy.map((l) => ({ minTotal: l.minTotal, role: l.role })) },
      ['orderId', 'round'],
    );
  },
};
