import {
  CUSTOMER_ROLES, Conflict, Forbidden, Invalid, SUPPLIER_ROLES, assertNever, hasRole, actingAs,
  type ActorRef, type Command, type Decider, type Role,
} from '@b2b/kernel';
import type { CompanyKind } from './company.decider.js';

export type UserAccountEvent = {
  type: 'UserInvited';
  data: { userId: string; companyId: string; email: string; name: string; roles: readonly Role[]; passwordHash: string; by: ActorRef | null; at: string };
};

/** The handler looks up the target company and hashes the password before deciding (deciders stay pure). */
export type UserAccountCommand = Command<
  'InviteUser',
  { userId: string; companyId: string; companyKind: CompanyKind; email: string; name: string; roles: readonly Role[]; passwordHash: string; bootstrap?: boolean }
>;

export type UserAccount =
  | { status: 'none' }
  | { status: 'active'; userId: string; companyId: string; email: string; name: string; roles: readonly Role[]; passwordHash: string };

const rolesFit = (kind: CompanyKind, roles: readonly Role[]): boolean =>
  roles.every((r) => ((kind === 'supplier' ? SUPPLIER_ROLES : CUSTOMER_ROLES) as readonly string[]).includes(r));

const inviter = (command: UserAccountCommand): ActorRef | null => {
  if (command.data.bootstrap) return null;
  const actor = command.meta.by;
  if (hasRole(actor, 'supplier-admin')) return actingAs(actor, 'supplier-admin');
  if (hasRole(actor, 'company-admin') && actor.companyId === command.data.companyId) return actingAs(actor, 'company-admin');
  throw new Forbidden('USER.CANNOT_INVITE', 'only the supplier admin or an admin of this company may invite users');
};

/** One stream per e-mail address, so an address can be taken only once (the append expects no stream). */
const decide = (command: UserAccountCommand, state: UserAccount): UserAccountEvent[] => {
  switch (command.type) {
    case 'InviteUser': {
      const by = inviter(command);
      if (state.status !== 'none') throw new Conflict('USER.EMAIL_TAKEN', `a user with e-mail ${command.data.email} already exists`);
      if (command.data.roles.length === 0) throw new Invalid('USER.NO_ROLES', 'roles: give the user at least one role');
      if (!rolesFit(command.data.companyKind, command.data.roles)) {
        throw new Invalid('USER.ROLES_DO_NOT_FIT', `roles: a ${command.data.companyKind} company's users may only hold ${command.data.companyKind} roles`);
      }
      const { companyKind: _kind, bootstrap: _bootstrap, ...data } = command.data;
      return [{ type: 'UserInvited', data: { ...data, by, at: command.meta.now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_: UserAccount, event: UserAccountEvent): UserAccount => {
  switch (event.type) {
    case 'UserInvited': {
      const { by: _by, at: _at, ...rest } = event.data;
      return { status: 'active', ...rest };
    }
    default:
      return assertNever(event.type);
  }
};

export const userAccountDecider: Decider<UserAccount, UserAccountCommand, UserAccountEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
export const userAccountStream = (email: string): string => `user-email-${normalizeEmail(email)}`;
