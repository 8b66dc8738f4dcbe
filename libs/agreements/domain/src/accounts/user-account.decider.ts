import {
  CUSTOMER_ROLES, Conflict, Forbidden, Invalid, NotFound, RuleViolated, SUPPLIER_ROLES, assertNever, hasRole, actingAs,
  type Actor, type ActorRef, type Command, type Decider, type Role,
} from '@b2b/kernel';
import type { CompanyKind } from './company.decider.js';

export type UserAccountEvent =
  | {
      type: 'UserInvited';
      data: { userId: string; companyId: string; email: string; name: string; roles: readonly Role[]; passwordHash: string; by: ActorRef | null; at: string };
    }
  | { type: 'UserDeactivated'; data: { userId: string; companyId: string; reason?: string; by: ActorRef; at: string } }
  | { type: 'PasswordChanged'; data: { userId: string; companyId: string; passwordHash: string; by: ActorRef; at: string } };

/** The handler looks up the target company and hashes the password before deciding (deciders stay pure). */
export type UserAccountCommand =
  | Command<
      'InviteUser',
      { userId: string; companyId: string; companyKind: CompanyKind; email: string; name: string; roles: readonly Role[]; passwordHash: string; bootstrap?: boolean }
    >
  | Command<'DeactivateUser', { userId: string; reason?: string }>
  /** The handler compares the passwords with the stored hash (bcrypt) and hashes the new one before deciding. */
  | Command<'ChangePassword', { userId: string; currentPasswordMatches: boolean; newPasswordSameAsCurrent: boolean; newPasswordHash: string }>;

/** `tokenVersion` starts at 0 and rises with every deactivation and password change: tokens carrying an
 *  older version are refused by every service (see contracts' UserAccountChanged). */
interface UserProfile { userId: string; companyId: string; email: string; name: string; roles: readonly Role[]; passwordHash: string; tokenVersion: number }

export type UserAccount = { status: 'none' } | ({ status: 'active' } & UserProfile) | ({ status: 'deactivated' } & UserProfile);

const rolesFit = (kind: CompanyKind, roles: readonly Role[]): boolean =>
  roles.every((r) => ((kind === 'supplier' ? SUPPLIER_ROLES : CUSTOMER_ROLES) as readonly string[]).includes(r));

/** The supplier admin manages every company's users; a company admin only their own company's. */
const adminOf = (actor: Actor, companyId: string, action: 'invite' | 'deactivate'): ActorRef => {
  if (hasRole(actor, 'supplier-admin')) return actingAs(actor, 'supplier-admin');
  if (hasRole(actor, 'company-admin') && actor.companyId === companyId) return actingAs(actor, 'company-admin');
  throw new Forbidden(`USER.CANNOT_${action.toUpperCase()}`, `only the supplier admin or an admin of this company may ${action} users`);
};

/** One stream per e-mail address, so an address can be taken only once (the append expects no stream);
 *  a deactivated user keeps the address. */
const decide = (command: UserAccountCommand, state: UserAccount): UserAccountEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'InviteUser': {
      const by = command.data.bootstrap ? null : adminOf(command.meta.by, command.data.companyId, 'invite');
      if (state.status !== 'none') throw new Conflict('USER.EMAIL_TAKEN', `a user with e-mail ${command.data.email} already exists`);
      if (command.data.roles.length === 0) throw new Invalid('USER.NO_ROLES', 'roles: give the user at least one role');
      if (!rolesFit(command.data.companyKind, command.data.roles)) {
        throw new Invalid('USER.ROLES_DO_NOT_FIT', `roles: a ${command.data.companyKind} company's users may only hold ${command.data.companyKind} roles`);
      }
      const { companyKind: _kind, bootstrap: _bootstrap, ...data } = command.data;
      return [{ type: 'UserInvited', data: { ...data, by, at } }];
    }
    case 'DeactivateUser': {
      const { userId, reason } = command.data;
      if (state.status === 'none' || state.userId !== userId) throw new NotFound('USER.NOT_FOUND', `user ${userId} not found`);
      const by = adminOf(command.meta.by, state.companyId, 'deactivate');
      if (command.meta.by.userId === userId) throw new RuleViolated('USER.CANNOT_DEACTIVATE_SELF', 'users cannot deactivate themselves');
      if (state.status === 'deactivated') throw new Conflict('USER.ALREADY_DEACTIVATED', `user ${userId} is already deactivated`);
      return [{ type: 'UserDeactivated', data: { userId, companyId: state.companyId, ...(reason !== undefined ? { reason } : {}), by, at } }];
    }
    case 'ChangePassword': {
      const { userId, currentPasswordMatches, newPasswordSameAsCurrent, newPasswordHash } = command.data;
      const actor = command.meta.by;
      if (state.status === 'none' || state.userId !== userId || actor.userId !== userId) throw new NotFound('USER.NOT_FOUND', `user ${userId} not found`);
      if (state.status === 'deactivated') throw new Forbidden('USER.DEACTIVATED', 'a deactivated user cannot change the password');
      if (!currentPasswordMatches) throw new Forbidden('USER.WRONG_CURRENT_PASSWORD', 'currentPassword is not your current password');
      if (newPasswordSameAsCurrent) throw new Invalid('USER.PASSWORD_UNCHANGED', 'newPassword must differ from currentPassword');
      const role = state.roles[0] ?? actor.roles[0];
      if (!role) throw new Forbidden('USER.NO_ROLES', 'a user without roles cannot change the password');
      return [{ type: 'PasswordChanged', data: { userId, companyId: state.companyId, passwordHash: newPasswordHash, by: actingAs(actor, role), at } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: UserAccount, event: UserAccountEvent): UserAccount => {
  switch (event.type) {
    case 'UserInvited': {
      const { by: _by, at: _at, ...profile } = event.data;
      return { status: 'active', ...profile, tokenVersion: 0 };
    }
    case 'UserDeactivated':
      return state.status === 'none' ? state : { ...state, status: 'deactivated', tokenVersion: state.tokenVersion + 1 };
    case 'PasswordChanged':
      return state.status === 'none' ? state : { ...state, passwordHash: event.data.passwordHash, tokenVersion: state.tokenVersion + 1 };
    default:
      return assertNever(event);
  }
};

/** Why a new password is too weak, naming the field, or null. Pure: the handler asks before hashing. */
export const passwordWeakness = (password: string, user: { email: string; name: string }, field = 'newPassword'): string | null => {
  if (password.length < 10) return `${field} must be at least 10 characters long`;
  if (new Set(password).size < 5) return `${field} must use at least 5 different characters`;
  const lower = password.toLowerCase();
  const local = normalizeEmail(user.email).split('@')[0] ?? '';
  if ((local.length >= 3 && lower.includes(local)) || (user.name.length >= 3 && lower.includes(user.name.toLowerCase()))) return `${field} must not contain your e-mail address or name`;
  if (COMMON_PASSWORDS.some((common) => lower.includes(common))) return `${field} is too common`;
  return null;
};
const COMMON_PASSWORDS = ['password', 'passwort', '123456', 'qwerty', 'letmein', 'welcome', 'change-me'];

export const userAccountDecider: Decider<UserAccount, UserAccountCommand, UserAccountEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
export const userAccountStream = (email: string): string => `user-email-${normalizeEmail(email)}`;
