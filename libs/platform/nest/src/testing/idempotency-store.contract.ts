import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { IDEMPOTENCY_TTL_MS, type IdempotencyClaim, type IdempotencyRequest, type IdempotencyStore } from '../idempotency/idempotency-store.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const later = (ms: number): Date => new Date(T0.getTime() + ms);

/** Generous: a database on a loaded machine may be slow, and no test may hang on Jest's default 5 s. */
const DEADLINE_MS = 60_000;
const check = (name: string, fn: () => Promise<void>): void => it(name, fn, DEADLINE_MS);

const tokenOf = (claim: IdempotencyClaim): string => {
  if (claim.outcome !== 'new') throw new Error(`expected a new claim, got ${claim.outcome}`);
  return claim.token;
};

/** The behaviour every IdempotencyStore must show (24 h keys, the default). Call it from each
 *  implementation's spec with a factory that opens a store on an empty database. */
export const idempotencyStoreContract = (name: string, open: () => Promise<IdempotencyStore & { close?(): Promise<void> }>): void =>
  describe(`IdempotencyStore contract: ${name}`, () => {
    let store: IdempotencyStore & { close?(): Promise<void> };
    const request = (over: Partial<IdempotencyRequest> = {}): IdempotencyRequest =>
      ({ scope: `user:${randomUUID()} POST /api/orders`, key: randomUUID(), fingerprint: 'f1', ...over });

    beforeAll(async () => {
      store = await open();
    }, DEADLINE_MS);
    afterAll(async () => {
      await store.close?.();
    }, DEADLINE_MS);

    check('claims a new key, then answers in-progress for it until completed', async () => {
      const r = request();
      expect((await store.claim(r, T0)).outcome).toBe('new');
      expect(await store.claim(r, later(1000))).toEqual({ outcome: 'in-progress', since: T0 });
    });

    check('answers the stored response once completed, for the same fingerprint only', async () => {
      const r = request();
      const token = tokenOf(await store.claim(r, T0));
      await store.complete(r, token, { status: 201, body: '{"id":"o-1"}' }, later(5));
      expect(await store.claim(r, later(10))).toEqual({ outcome: 'done', response: { status: 201, body: '{"id":"o-1"}' }, at: later(5) });
      expect(await store.claim({ ...r, fingerprint: 'f2' }, later(10))).toEqual({ outcome: 'mismatch' });
    });

    check('keeps an error answer and an empty body alike', async () => {
      const r = request();
      await store.complete(r, tokenOf(await store.claim(r, T0)), { status: 422, body: '{"statusCode":422}' }, T0);
      expect(await store.claim(r, T0)).toMatchObject({ outcome: 'done', response: { status: 422, body: '{"statusCode":422}' } });
      const empty = request();
      await store.complete(empty, tokenOf(await store.claim(empty, T0)), { status: 200, body: null }, T0);
      expect(await store.claim(empty, T0)).toMatchObject({ outcome: 'done', response: { status: 200, body: null } });
    });

    check('answers mismatch for another body while the first is still in progress', async () => {
      const r = request();
      tokenOf(await store.claim(r, T0));
      expect(await store.claim({ ...r, fingerprint: 'other' }, T0)).toEqual({ outcome: 'mismatch' });
    });

    check('scopes keys: the same key of another caller or operation is another key', async () => {
      const r = request();
      tokenOf(await store.claim(r, T0));
      expect((await store.claim({ ...r, scope: `${r.scope}/other` }, T0)).outcome).toBe('new');
      expect((await store.claim({ ...r, scope: 'user:someone-else POST /api/orders' }, T0)).outcome).toBe('new');
    });

    check('gives a released key to the next claim', async () => {
      const r = request();
      await store.release(r, tokenOf(await store.claim(r, T0)));
      expect((await store.claim(r, later(1))).outcome).toBe('new');
    });

    check('lets exactly one of concurrent claims on one key win', async () => {
      const r = request();
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claim(r, T0)));
      expect(claims.filter((c) => c.outcome === 'new')).toHaveLength(1);
      expect(claims.filter((c) => c.outcome === 'in-progress')).toHaveLength(7);
    });

    check('expires a key after 24 h: done or in progress, it may then be claimed anew, even for another body', async () => {
      const done = request();
      await store.complete(done, tokenOf(await store.claim(done, T0)), { status: 201, body: '{}' }, T0);
      expect((await store.claim(done, later(IDEMPOTENCY_TTL_MS - 1))).outcome).toBe('done');
      expect((await store.claim({ ...done, fingerprint: 'f2' }, later(IDEMPOTENCY_TTL_MS))).outcome).toBe('new');
      const stuck = request();
      tokenOf(await store.claim(stuck, T0));
      expect((await store.claim(stuck, later(IDEMPOTENCY_TTL_MS - 1))).outcome).toBe('in-progress');
      expect((await store.claim(stuck, later(IDEMPOTENCY_TTL_MS))).outcome).toBe('new');
    });

    check('ignores complete and release with the token of a claim that expired and was taken over', async () => {
      const r = request();
      const stale = tokenOf(await store.claim(r, T0));
      const fresh = tokenOf(await store.claim(r, later(IDEMPOTENCY_TTL_MS)));
      await store.complete(r, stale, { status: 201, body: '"stale"' }, later(IDEMPOTENCY_TTL_MS + 1));
      await store.release(r, stale);
      expect((await store.claim(r, later(IDEMPOTENCY_TTL_MS + 2))).outcome).toBe('in-progress');
      await store.complete(r, fresh, { status: 201, body: '"fresh"' }, later(IDEMPOTENCY_TTL_MS + 3));
      expect(await store.claim(r, later(IDEMPOTENCY_TTL_MS + 4))).toMatchObject({ outcome: 'done', response: { body: '"fresh"' } });
    });

    check('purges expired entries only', async () => {
      const old = request();
      const recent = request();
      tokenOf(await store.claim(old, T0));
      tokenOf(await store.claim(recent, later(IDEMPOTENCY_TTL_MS)));
      expect(await store.purgeExpired(later(IDEMPOTENCY_TTL_MS + 1))).toBeGreaterThanOrEqual(1);
      expect((await store.claim(recent, later(IDEMPOTENCY_TTL_MS + 2))).outcome).toBe('in-progress');
      expect((await store.claim(old, later(IDEMPOTENCY_TTL_MS + 2))).outcome).toBe('new');
    });
  });
