import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { UserAccountEvent } from '@b2b/agreements-domain';
import { AccountUserEntity } from './account-users.entity.js';

/** accounts_users from the service's own user-account events. */
export const accountUsersProjection: Projection = {
  name: 'account-users',
  owns: [AccountUserEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<UserAccountEvent>;
    switch (event.type) {
      case 'UserInvited': {
        const { userId, companyId, email, name, roles, at } = event.data;
        await manager.upsert(AccountUserEntity, { userId, companyId, email, name, roles: [...roles], active: true, invitedAt: new Date(at) }, ['userId']);
        return;
      }
      case 'UserDeactivated':
        await manager.update(AccountUserEntity, { userId: event.data.userId }, { active: false });
        return;
      case 'PasswordChanged': // nothing of it is listed
        return;
      default:
        return;
    }
  },
};
