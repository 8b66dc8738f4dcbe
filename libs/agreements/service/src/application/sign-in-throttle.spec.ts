import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SIGN_IN_POLICY } from '@b2b/agreements-domain';
import { SignInThrottle } from './sign-in-throttle.js';

/** The throttle on rate-limiter-flexible's memory store. The library reads the wall clock (Date.now), so
 *  the clock is injected through Jest's fake timers. */
describe('sign-in throttle (memory store, fake clock)', () => {
  let throttle: SignInThrottle;
  const seconds = (s: number) => jest.advanceTimersByTime(s * 1000);
  const failTimes = async (n: number, email: string, address: string) => {
    for (let i = 0; i < n; i++) await throttle.failed(email, address);
  };

  beforeEach(async () => {
    jest.useFakeTimers({ now: new Date('2026-03-02T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    throttle = await SignInThrottle.open('memory', null);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lets an account fail five times freely, then locks it for 15 s, then 30 s', async () => {
    await failTimes(5, 'pia@acme.example', '10.0.0.1');
    expect(await throttle.waitSeconds('pia@acme.example', '10.0.0.1')).toBe(0);
    await throttle.failed('pia@acme.example', '10.0.0.1');
    expect(await throttle.waitSeconds('pia@acme.example', '10.0.0.1')).toBe(15);
    expect(await throttle.waitSeconds('PIA@acme.example ', '10.9.9.9')).toBe(15); // the account, from anywhere, however spelt
    expect(await throttle.waitSeconds('rita@acme.example', '10.0.0.1')).toBe(0); // other accounts from the same address are free
    seconds(10);
    expect(await throttle.waitSeconds('pia@acme.example', '10.0.0.1')).toBe(5);
    seconds(5);
    expect(await throttle.waitSeconds('pia@acme.example', '10.0.0.1')).toBe(0);
    await throttle.failed('pia@acme.example', '10.0.0.1');
    expect(await throttle.waitSeconds('pia@acme.example', '10.0.0.1')).toBe(30);
  });

  it('forgets an account’s failures on a success', async () => {
    await failTimes(5, 'pia@acme.example', '10.0.0.1');
    await throttle.succeeded('pia@acme.example');
    await failTimes(5, 'pia@acme.example', '10.0.0.1');
    expect(await throttle.waitSeconds('pia@acme.example', '10.0.0.1')).toBe(0);
  });

  it('locks a client address after its budget of failures over many accounts, for its window', async () => {
    for (let i = 0; i < SIGN_IN_POLICY.addressFailures - 1; i++) await throttle.failed(`guess-${i}@acme.example`, '10.0.0.2');
    expect(await throttle.waitSeconds('someone@acme.example', '10.0.0.2')).toBe(0);
    await throttle.failed('one-more@acme.example', '10.0.0.2');
    expect(await throttle.waitSeconds('someone@acme.example', '10.0.0.2')).toBe(SIGN_IN_POLICY.addressWindowSeconds);
    expect(await throttle.waitSeconds('someone@acme.example', '10.0.0.3')).toBe(0);
    seconds(SIGN_IN_POLICY.addressWindowSeconds);
    expect(await throttle.waitSeconds('someone@acme.example', '10.0.0.2')).toBe(0);
  });
});
