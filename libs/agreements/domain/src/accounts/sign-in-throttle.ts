/** How sign-in resists guessing: per account, a few free failures, then a lockout that doubles with every
 *  further failure (up to a cap); per client address, a budget of failures in a window, then a lockout.
 *  A success forgets the account's failures. While locked, no password is checked at all, so the answer
 *  cannot tell whether a password was right. */
export interface SignInThrottlePolicy {
  /** Consecutive failures of one account before the first lockout. */
  readonly freeFailures: number;
  readonly firstLockoutSeconds: number;
  readonly maxLockoutSeconds: number;
  /** An account's failures are forgotten this long after the first of them (or at the next success). */
  readonly failureMemorySeconds: number;
  /** Failures from one client address (any accounts) allowed within the window, then a lockout of the window. */
  readonly addressFailures: number;
  readonly addressWindowSeconds: number;
}

export const SIGN_IN_POLICY: SignInThrottlePolicy = {
  freeFailures: 5, firstLockoutSeconds: 15, maxLockoutSeconds: 15 * 60, failureMemorySeconds: 24 * 3600,
  addressFailures: 50, addressWindowSeconds: 15 * 60,
};

/** The lockout after the account's `failures`-th consecutive failure: 0 while free, then 15 s, 30 s, 60 s … capped. */
export const accountLockoutSeconds = (failures: number, policy: SignInThrottlePolicy = SIGN_IN_POLICY): number => {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  return Math.min(policy.maxLockoutSeconds, policy.firstLockoutSeconds * 2 ** Math.min(over - 1, 30));
};

/** The lockout after the address's `failures`-th failure in its window. */
export const addressLockoutSeconds = (failures: number, policy: SignInThrottlePolicy = SIGN_IN_POLICY): number =>
  failures >= policy.addressFailures ? policy.addressWindowSeconds : 0;
