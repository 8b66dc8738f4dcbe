import { describe, it, expect } from '@jest/globals';
import { SIGN_IN_POLICY, accountLockoutSeconds, addressLockoutSeconds } from './sign-in-throttle.js';

describe('sign-in throttle policy', () => {
  it('gives an account five free failures, then locks it for 15 s, doubling up to 15 min', () => {
    expect([1, 2, 3, 4, 5].map((n) => accountLockoutSeconds(n))).toEqual([0, 0, 0, 0, 0]);
    expect([6, 7, 8, 9, 10, 11, 12].map((n) => accountLockoutSeconds(n))).toEqual([15, 30, 60, 120, 240, 480, 900]);
    expect(accountLockoutSeconds(20)).toBe(900);
    expect(accountLockoutSeconds(10_000)).toBe(900);
  });
  it('gives a client address a larger budget of failures (any accounts), then locks it for its window', () => {
    expect(addressLockoutSeconds(SIGN_IN_POLICY.addressFailures - 1)).toBe(0);
    expect(addressLockoutSeconds(SIGN_IN_POLICY.addressFailures)).toBe(SIGN_IN_POLICY.addressWindowSeconds);
    expect(SIGN_IN_POLICY.addressFailures).toBeGreaterThan(SIGN_IN_POLICY.freeFailures * 5);
  });
  it('follows a given policy', () =>
    expect(accountLockoutSeconds(3, { ...SIGN_IN_POLICY, freeFailures: 2, firstLockoutSeconds: 1 })).toBe(1));
});
