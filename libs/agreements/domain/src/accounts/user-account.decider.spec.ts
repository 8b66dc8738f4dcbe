import { describe, it, expect } from '@jest/globals';
import { Conflict, Forbidden, Invalid, NotFound, RuleViolated, deciderSpec, fold, type Actor, type ActorRef, type Role } from '@b2b/kernel';
import { passwordWeakness, userAccountDecider, type UserAccountCommand, type UserAccountEvent } from './user-account.decider.js';
import type { CompanyKind } from './company.decider.js';

const given = deciderSpec(userAccountDecider);
const now = new Date('2026-02-02T10:00:00.000Z');
const at = now.toISOString();
const SUPPLIER = 'aaaaaaaa-0000-4000-8000-000000000001';
const ACME = 'cccccccc-0000-4000-8000-000000000001';
const GLOBEX = 'cccccccc-0000-4000-8000-000000000002';
const PIA = 'eeeeeeee-0000-4000-8000-000000000010';

const actor = (userId: string, companyId: string, ...roles: Role[]): Actor => ({ userId, companyId, roles });
const root = actor('eeeeeeee-0000-4000-8000-000000000001', SUPPLIER, 'supplier-admin');
const sam = actor('eeeeeeee-0000-4000-8000-000000000002', SUPPLIER, 'sales');
const ada = actor('eeeeeeee-0000-4000-8000-000000000003', ACME, 'company-admin');
const gus = actor('eeeeeeee-0000-4000-8000-000000000004', GLOBEX, 'company-admin');
const rita = actor('eeeeeeee-0000-4000-8000-000000000005', ACME, 'requester');
const pia = actor(PIA, ACME, 'procurement', 'company-admin');
const as = (a: Actor, role: Role): ActorRef => ({ userId: a.userId, companyId: a.companyId, role });

const profile = { userId: PIA, companyId: ACME, email: 'pia@acme.example', name: 'Pia', roles: ['procurement'] as Role[], passwordHash: '$2b$10$hash' };

const invite = (by: Actor, over: { companyKind?: CompanyKind; roles?: Role[]; bootstrap?: boolean } = {}): UserAccountCommand => ({
  type: 'InviteUser',
  data: {
    userId: profile.userId, companyId: profile.companyId, companyKind: over.companyKind ?? 'customer', email: profile.email, name: profile.name,
    roles: over.roles ?? profile.roles, passwordHash: profile.passwordHash, ...(over.bootstrap ? { bootstrap: true } : {}),
  },
  meta: { by, now },
});
const invited = (by: ActorRef | null, roles: Role[] = profile.roles): UserAccountEvent => ({ type: 'UserInvited', data: { ...profile, roles, by, at } });

const deactivate = (by: Actor, reason?: string, userId = PIA): UserAccountCommand =>
  ({ type: 'DeactivateUser', data: { userId, ...(reason !== undefined ? { reason } : {}) }, meta: { by, now } });
const deactivated = (by: ActorRef, reason?: string): UserAccountEvent =>
  ({ type: 'UserDeactivated', data: { userId: PIA, companyId: ACME, ...(reason !== undefined ? { reason } : {}), by, at } });

const active = [invited(as(ada, 'company-admin'))];

describe('user account decider: inviting', () => {
  it('lets the supplier admin invite into any company', () => given([]).when(invite(root)).then([invited(as(root, 'supplier-admin'))]));
  it('lets a company admin invite into their own company', () => given([]).when(invite(ada)).then([invited(as(ada, 'company-admin'))]));
  it('records no inviter for the platform bootstrap', () =>
    given([]).when(invite(sam, { bootstrap: true, companyKind: 'supplier', roles: ['supplier-admin'] })).then([invited(null, ['supplier-admin'])]));
  it("refuses a company admin of another company", () => given([]).when(invite(gus)).thenThrows(Forbidden, 'USER.CANNOT_INVITE'));
  it('refuses users who are not admins', () => {
    given([]).when(invite(rita)).thenThrows(Forbidden, 'USER.CANNOT_INVITE');
    given([]).when(invite(sam)).thenThrows(Forbidden, 'USER.CANNOT_INVITE');
  });
  it('refuses an e-mail address that is taken', () => given(active).when(invite(root)).thenThrows(Conflict, 'USER.EMAIL_TAKEN'));
  it('keeps the address of a deactivated user taken', () =>
    given([...active, deactivated(as(ada, 'company-admin'))]).when(invite(root)).thenThrows(Conflict, 'USER.EMAIL_TAKEN'));
  it('refuses a user without roles', () => given([]).when(invite(root, { roles: [] })).thenThrows(Invalid, 'USER.NO_ROLES'));
  it("refuses roles of the other side", () => {
    given([]).when(invite(root, { roles: ['sales'] })).thenThrows(Invalid, 'USER.ROLES_DO_NOT_FIT');
    given([]).when(invite(root, { companyKind: 'supplier', roles: ['requester'] })).thenThrows(Invalid, 'USER.ROLES_DO_NOT_FIT');
  });
});

describe('user account decider: deactivating', () => {
  it('lets a company admin deactivate a user of their company, recording who and when', () =>
    given(active).when(deactivate(ada)).then([deactivated(as(ada, 'company-admin'))]));
  it('lets the supplier admin deactivate any user, with a reason', () =>
    given(active).when(deactivate(root, 'left the company')).then([deactivated(as(root, 'supplier-admin'), 'left the company')]));
  it('refuses a company admin of another company', () => given(active).when(deactivate(gus)).thenThrows(Forbidden, 'USER.CANNOT_DEACTIVATE'));
  it('refuses users who are not admins, supplier staff included', () => {
    given(active).when(deactivate(rita)).thenThrows(Forbidden, 'USER.CANNOT_DEACTIVATE');
    given(active).when(deactivate(sam)).thenThrows(Forbidden, 'USER.CANNOT_DEACTIVATE');
  });
  it('refuses to let users deactivate themselves (422)', () => given(active).when(deactivate(pia)).thenThrows(RuleViolated, 'USER.CANNOT_DEACTIVATE_SELF'));
  it('refuses to deactivate twice (409)', () =>
    given([...active, deactivated(as(ada, 'company-admin'))]).when(deactivate(root)).thenThrows(Conflict, 'USER.ALREADY_DEACTIVATED'));
  it('refuses an unknown user', () => {
    given([]).when(deactivate(root)).thenThrows(NotFound, 'USER.NOT_FOUND');
    given(active).when(deactivate(root, undefined, 'eeeeeeee-0000-4000-8000-000000000099')).thenThrows(NotFound, 'USER.NOT_FOUND');
  });
  it('leaves the user deactivated, profile kept', () => {
    expect(fold(userAccountDecider, [...active, deactivated(as(ada, 'company-admin'))])).toEqual({ status: 'deactivated', ...profile, tokenVersion: 1 });
  });
});

describe('user account decider: changing the password', () => {
  const change = (by: Actor, over: { currentPasswordMatches?: boolean; newPasswordSameAsCurrent?: boolean } = {}): UserAccountCommand => ({
    type: 'ChangePassword',
    data: { userId: PIA, currentPasswordMatches: over.currentPasswordMatches ?? true, newPasswordSameAsCurrent: over.newPasswordSameAsCurrent ?? false, newPasswordHash: '$2b$10$new' },
    meta: { by, now },
  });
  const changed: UserAccountEvent = { type: 'PasswordChanged', data: { userId: PIA, companyId: ACME, passwordHash: '$2b$10$new', by: as(pia, 'procurement'), at } };

  it('lets the user change their own password, raising the token version', () => {
    given(active).when(change(pia)).then([changed]);
    expect(fold(userAccountDecider, [...active, changed])).toEqual({ status: 'active', ...profile, passwordHash: '$2b$10$new', tokenVersion: 1 });
  });
  it('refuses a wrong current password (403), the same password (400), a deactivated user (403)', () => {
    given(active).when(change(pia, { currentPasswordMatches: false })).thenThrows(Forbidden, 'USER.WRONG_CURRENT_PASSWORD');
    given(active).when(change(pia, { newPasswordSameAsCurrent: true })).thenThrows(Invalid, 'USER.PASSWORD_UNCHANGED');
    given([...active, deactivated(as(ada, 'company-admin'))]).when(change(pia)).thenThrows(Forbidden, 'USER.DEACTIVATED');
  });
  it("refuses to change another user's password, even as admin (not found)", () => {
    given(active).when(change(ada)).thenThrows(NotFound, 'USER.NOT_FOUND');
    given([]).when(change(pia)).thenThrows(NotFound, 'USER.NOT_FOUND');
  });
});

describe('password strength', () => {
  const pia = { email: 'pia.procure@acme.example', name: 'Pia' };
  it('names the field and why', () => {
    expect(passwordWeakness('short1!', pia)).toMatch(/^newPassword must be at least 10/);
    expect(passwordWeakness('aaaaaaaaaaaa', pia)).toMatch(/^newPassword must use at least 5 different/);
    expect(passwordWeakness('x-pia.procure-9', pia)).toMatch(/^newPassword must not contain your e-mail/);
    expect(passwordWeakness('MyPassword2026', pia)).toMatch(/^newPassword is too common/);
  });
  it('accepts a long, varied one', () => expect(passwordWeakness('tulip-orbit-lantern-42', pia)).toBeNull());
});
