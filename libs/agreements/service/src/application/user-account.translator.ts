import { UserAccountChanged, envelopeOf, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import type { UserAccount, UserAccountEvent } from '@b2b/agreements-domain';

/** Every change of a user account leaves the service as agreements.UserAccountChanged with the account's
 *  state after it (roles, active, token version): no password hash, no e-mail address. */
export const translateUserAccountEvents = (events: readonly NewEvent<UserAccountEvent>[], state: UserAccount, correlationId: string): Envelope[] => {
  if (state.status === 'none' || events.length === 0) return [];
  const last = events[events.length - 1]!;
  const { at, by } = last.data;
  return [
    envelopeOf(
      UserAccountChanged,
      { userId: state.userId, companyId: state.companyId, roles: [...state.roles], active: state.status === 'active', tokenVersion: state.tokenVersion, at },
      { eventId: last.id, correlationId, causationId: null, actor: by, occurredAt: at },
    ),
  ];
};
