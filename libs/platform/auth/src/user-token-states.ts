import { Injectable } from '@nestjs/common';
import { supersedesUserAccount } from '@b2b/contracts';

/** What every service knows of a user's sign-in: active or not, and the lowest token version still valid. */
export interface UserTokenState {
  readonly active: boolean;
  readonly tokenVersion: number;
}

/** The newest token state per user, in memory, for the AccessGuard. Fed by each service from
 *  agreements.UserAccountChanged (through its inbox and its own table, loaded at start; see @b2b/nest's
 *  UserAccountsConsumer). A user it has not heard of is allowed (a token signed by agreements with our
 *  secret; the user's first event may not have arrived yet). Merges by version, so several feeds (the
 *  six services of the embedded run share one process) and any arrival order give the same answer. */
@Injectable()
export class UserTokenStates {
  private readonly users = new Map<string, UserTokenState>();

  learn(userId: string, state: UserTokenState): void {
    if (supersedesUserAccount(this.users.get(userId) ?? null, state)) {
      this.users.set(userId, { active: state.active, tokenVersion: state.tokenVersion });
    }
  }

  /** Whether a token of `userId` carrying `tokenVersion` (0 for tokens without the claim) may be used. */
  allows(userId: string, tokenVersion: number): boolean {
    const known = this.users.get(userId);
    return !known || (known.active && tokenVersion >= known.tokenVersion);
  }
}
