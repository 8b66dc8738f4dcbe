import { describe, expect, it } from '@jest/globals';
import { fold } from '@b2b/kernel';
import { validatePayload, UserAccountChanged } from '@b2b/contracts';
import { userAccountDecider, type UserAccountEvent } from '@b2b/agreements-domain';
import { translateUserAccountEvents } from './user-account.translator.js';

const at = '2026-02-02T10:00:00.000Z';
const by = { userId: 'eeeeeeee-0000-4000-8000-000000000003', companyId: 'cccccccc-0000-4000-8000-000000000001', role: 'company-admin' as const };
const invited: UserAccountEvent = {
  type: 'UserInvited',
  data: { userId: 'eeeeeeee-0000-4000-8000-000000000010', companyId: by.companyId, email: 'pia@acme.example', name: 'Pia', roles: ['approver'], passwordHash: '$2b$10$hash', by, at },
};
const deactivated: UserAccountEvent = { type: 'UserDeactivated', data: { userId: invited.data.userId, companyId: by.companyId, by, at } };
const changed: UserAccountEvent = { type: 'PasswordChanged', data: { userId: invited.data.userId, companyId: by.companyId, passwordHash: '$2b$10$new', by, at } };
const translate = (history: UserAccountEvent[], ...events: UserAccountEvent[]) =>
  translateUserAccountEvents(events.map((e, i) => ({ id: `0000000${i}-0000-4000-8000-000000000000`, ...e })), fold(userAccountDecider, [...history, ...events]), 'corr');

describe('user account → agreements.UserAccountChanged', () => {
  it('announces an invitation at token version 0, a password change and a deactivation each one higher', () => {
    expect(translate([], invited).map((e) => e.payload)).toEqual([{ userId: invited.data.userId, companyId: by.companyId, roles: ['approver'], active: true, tokenVersion: 0, at }]);
    expect(translate([invited], changed)[0]!.payload).toMatchObject({ active: true, tokenVersion: 1 });
    expect(translate([invited, changed], deactivated)[0]!.payload).toMatchObject({ active: false, tokenVersion: 2 });
  });
  it('carries neither the e-mail address nor the password hash, and is valid by its contract', () => {
    const [envelope] = translate([], invited);
    expect(JSON.stringify(envelope)).not.toMatch(/pia@acme|\$2b\$/);
    expect(validatePayload(UserAccountChanged, envelope!.payload)).toEqual(envelope!.payload);
    expect(envelope).toMatchObject({ type: 'agreements.UserAccountChanged', key: invited.data.userId, eventId: '00000000-0000-4000-8000-000000000000' });
  });
});
