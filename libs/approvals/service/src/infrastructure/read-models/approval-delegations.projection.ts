import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { ApprovalSettingsEvent, DelegationEvent } from '@b2b/approvals-domain';
import { ApprovalDelegationEntity, ApprovalSettingsEntity } from './approvals.entities.js';

/** approval_delegations and approval_settings from the service's delegation and settings events. */
export const approvalDelegationsProjection: Projection = {
  name: 'approval-delegations',
  owns: [ApprovalDelegationEntity, ApprovalSettingsEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<DelegationEvent | ApprovalSettingsEvent>;
    switch (event.type) {
      case 'ApprovalsDelegated': {
        const { delegationId, delegatorUserId, delegateUserId, companyId, roles, from, until, at } = event.data;
        await manager.upsert(
          ApprovalDelegationEntity,
          { delegationId, delegatorUserId, delegateUserId, companyId, roles: [...roles], from: new Date(from), until: new Date(until), revokedAt: null, createdAt: new Date(at) },
          ['delegationId'],
        );
        return;
      }
      case 'ApprovalDelegationRevoked':
        await manager.update(ApprovalDelegationEntity, { delegationId: event.data.delegationId }, { revokedAt: new Date(event.data.at) });
        return;
      case 'ApprovalSettingsChanged': {
        const { companyId, slaHours, reminderHours, at } = event.data;
        await manager.upsert(ApprovalSettingsEntity, { companyId, slaHours, reminderHours, changedAt: new Date(at) }, ['companyId']);
        return;
      }
      default:
        return;
    }
  },
};
