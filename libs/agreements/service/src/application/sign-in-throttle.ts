import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { SIGN_IN_POLICY, accountLockoutSeconds, addressLockoutSeconds, type SignInThrottlePolicy } from '@b2b/agreements-domain';

/** Where sign-in counters live (rate-limiter-flexible stores): `memory` for one process (the embedded
 *  run), `database` for a table in the agreements database, so every replica of agreements counts
 *  against the same budget. */
export type SignInCounterStore = 'memory' | 'database';

interface Counters {
  readonly failures: RateLimiterAbstract;
  readonly lock: RateLimiterAbstract;
}

const NEVER = 1_000_000_000;
const TABLE = 'sign_in_counters';

/** The sign-in budget per account and per client address (policy: @b2b/agreements-domain's
 *  SIGN_IN_POLICY). Counts failures atomically in the store; a lockout is a separate key blocked for
 *  the policy's time, so the failure count keeps growing under it. Account keys are hashed e-mail
 *  addresses (unknown addresses are counted the same, so the throttle tells nothing about existence). */
export class SignInThrottle {
  private constructor(
    private readonly account: Counters,
    private readonly address: Counters,
    private readonly policy: SignInThrottlePolicy,
  ) {}

  static async open(store: SignInCounterStore, dataSource: DataSource | null, policy: SignInThrottlePolicy = SIGN_IN_POLICY): Promise<SignInThrottle> {
    const limiter = async (keyPrefix: string, points: number, duration: number): Promise<RateLimiterAbstract> => {
      if (store === 'memory' || !dataSource) return new RateLimiterMemory({ keyPrefix, points, duration });
      return new Promise<RateLimiterAbstract>((resolve, reject) => {
        const created: RateLimiterAbstract = new RateLimiterPostgres(
          { storeClient: dataSource, storeType: 'typeorm', tableName: TABLE, keyPrefix, points, duration, clearExpiredByTimeout: true },
          (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error('sign-in counters: the table could not be created')) : resolve(created)),
        );
      });
    };
    // Sequential: the first creates the table (concurrent CREATE TABLE IF NOT EXISTS may collide).
    const accountFailures = await limiter('signin-account-failures', NEVER, policy.failureMemorySeconds);
    const accountLock = await limiter('signin-account-lock', 1, policy.maxLockoutSeconds);
    const addressFailures = await limiter('signin-address-failures', NEVER, policy.addressWindowSeconds);
    const addressLock = await limiter('signin-address-lock', 1, policy.addressWindowSeconds);
    return new SignInThrottle({ failures: accountFailures, lock: accountLock }, { failures: addressFailures, lock: addressLock }, policy);
  }

  /** Seconds until `email` may try again from `address`, or 0 when it may now. */
  async waitSeconds(email: string, address: string): Promise<number> {
    const [account, client] = await Promise.all([this.account.lock.get(accountKey(email)), this.address.lock.get(address)]);
    const ms = Math.max(locked(account), locked(client));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Records a failed attempt (wrong password, unknown or deactivated user) and locks when the policy says so. */
  async failed(email: string, address: string): Promise<void> {
    const key = accountKey(email);
    const [account, client] = await Promise.all([this.account.failures.penalty(key, 1), this.address.failures.penalty(address, 1)]);
    const accountLock = accountLockoutSeconds(account.consumedPoints, this.policy);
    const addressLock = addressLockoutSeconds(client.consumedPoints, this.policy);
    await Promise.all([
      accountLock > 0 ? this.account.lock.block(key, accountLock) : undefined,
      addressLock > 0 ? this.address.lock.block(address, addressLock) : undefined,
    ]);
  }

  /** A success forgets the account's failures (not the address's: one right password does not buy guesses elsewhere). */
  async succeeded(email: string): Promise<void> {
    await this.account.failures.delete(accountKey(email));
  }
}

const accountKey = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
const locked = (res: { consumedPoints: number; msBeforeNext: number } | null): number => (res && res.consumedPoints > 1 ? res.msBeforeNext : 0);
