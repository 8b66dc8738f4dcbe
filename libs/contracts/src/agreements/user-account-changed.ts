import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsUUID, Min } from 'class-validator';
import { ROLES, type Role } from '@b2b/kernel';
import { defineEvent } from '../define-event.js';

/** A user account as every service needs it: who it belongs to, its roles, whether it is active, and its
 *  token version. Published on invitation (version 0), deactivation and password change (each raises the
 *  version). Every service keeps the newest per user: the AccessGuard refuses tokens of an inactive user
 *  or with an older version (revocation within seconds), approvals checks delegates against it. */
export class UserAccountChangedV1 {
  @IsUUID() readonly userId!: string;
  @IsUUID() readonly companyId!: string;
  @IsArray() @ArrayMaxSize(10) @IsIn(ROLES, { each: true }) readonly roles!: Role[];
  @IsBoolean() readonly active!: boolean;
  @IsInt() @Min(0) readonly tokenVersion!: number;
  @IsISO8601({ strict: true }) readonly at!: string;
}

export const UserAccountChanged = defineEvent({
  type: 'agreements.UserAccountChanged',
  version: 1,
  topic: 'agreements.users',
  key: (e: UserAccountChangedV1) => e.userId,
  companyId: (e: UserAccountChangedV1) => e.companyId,
  payload: UserAccountChangedV1,
});

/** Does `event` replace what a consumer kept for the user? Every change raises the version, so the higher
 *  version wins whatever the arrival order; at the same version a deactivation wins (the safe side). */
export const supersedesUserAccount = (known: { tokenVersion: number; active: boolean } | null, event: Pick<UserAccountChangedV1, 'tokenVersion' | 'active'>): boolean =>
  known === null || event.tokenVersion > known.tokenVersion || (event.tokenVersion === known.tokenVersion && known.active && !event.active);
