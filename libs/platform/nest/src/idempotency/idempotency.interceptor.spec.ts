import { describe, it, expect, beforeEach } from '@jest/globals';
import { Controller, Get, HttpCode, Post, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, lastValueFrom } from 'rxjs';
import { RuleViolated, VersionConflict, type Clock } from '@b2b/kernel';
import { InMemoryEventStore, type EventStore } from '@b2b/event-store';
import { toErrorBody } from '../error.filter.js';
import { IdempotencyInterceptor, Idempotent, WithoutIdempotencyKey } from './idempotency.interceptor.js';
import { InMemoryIdempotencyStore, type IdempotencyRequest, type StoredResponse } from './idempotency-store.js';
import { trackWrites } from './write-tracking.js';

@Idempotent()
@Controller('things')
class ThingsController {
  @Post() create(): void {}
  @Post(':id/touch') @HttpCode(200) touch(): void {}
  @Post('simulate') @WithoutIdempotencyKey('reads only') simulate(): void {}
  @Get() list(): void {}
}
const handlers = ThingsController.prototype;

const meta = { correlationId: '11111111-1111-4111-8111-111111111111', causationId: null, actor: null, companyId: null };
const clock: Clock = { now: () => new Date('2026-03-02T10:00:00.000Z') };

/** A store that can be made to fail, to see what the interceptor does when it cannot keep an answer. */
class FlakyStore extends InMemoryIdempotencyStore {
  failComplete = false;
  override complete(request: IdempotencyRequest, token: string, response: StoredResponse, now: Date): Promise<void> {
    return this.failComplete ? Promise.reject(new Error('connection terminated')) : super.complete(request, token, response, now);
  }
}

describe('IdempotencyInterceptor', () => {
  let store: FlakyStore;
  let events: EventStore;
  let interceptor: IdempotencyInterceptor;
  let runs: number;

  beforeEach(() => {
    store = new FlakyStore();
    events = trackWrites(new InMemoryEventStore());
    interceptor = new IdempotencyInterceptor(store, clock, new Reflector());
    runs = 0;
  });

  interface Call { key?: string | string[]; body?: unknown; user?: string; method?: string; url?: string; handler?: () => void }
  const call = async (work: () => Promise<unknown>, { key, body = { sku: 'A', quantity: 1 }, user = 'u-1', method = 'POST', url = '/api/things', handler = handlers.create }: Call = {}) => {
    const headers: Record<string, string> = {};
    const context = {
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => ThingsController,
      switchToHttp: () => ({
        getRequest: () => ({ method, url, body, actor: { userId: user }, headers: key === undefined ? {} : { 'idempotency-key': key } }),
        getResponse: () => ({ header: (name: string, value: string) => void (headers[name] = value) }),
      }),
    } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => defer(() => work()) };
    try {
      return { value: await lastValueFrom(interceptor.intercept(context, next), { defaultValue: undefined }), headers };
    } catch (error: unknown) {
      return { error: toErrorBody(error), headers };
    }
  };
  const append = () => events.append(`thing-${runs}`, [{ id: crypto.randomUUID(), type: 'ThingCreated', data: {} }], { expected: 0n, meta });
  const create = async () => {
    runs++;
    await append();
    return { id: `thing-${runs}` };
  };

  it('runs the first request and answers the same again for the same key and body, running nothing', async () => {
    const first = await call(create, { key: 'k-1' });
    const again = await call(create, { key: 'k-1' });
    expect(first).toEqual({ value: { id: 'thing-1' }, headers: {} });
    expect(again).toEqual({ value: { id: 'thing-1' }, headers: { 'Idempotent-Replayed': 'true' } });
    expect(runs).toBe(1);
  });

  it('takes the body as canonical JSON: another key order is the same body', async () => {
    await call(create, { key: 'k-1', body: { sku: 'A', quantity: 1 } });
    expect((await call(create, { key: 'k-1', body: { quantity: 1, sku: 'A' } })).value).toEqual({ id: 'thing-1' });
    expect(runs).toBe(1);
  });

  it('refuses the key with another body: 422 IDEMPOTENCY.KEY_REUSED naming the header', async () => {
    await call(create, { key: 'k-1' });
    const other = await call(create, { key: 'k-1', body: { sku: 'A', quantity: 2 } });
    expect(other.error).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', code: 'IDEMPOTENCY.KEY_REUSED', message: expect.stringContaining('Idempotency-Key') });
    expect(runs).toBe(1);
  });

  it('changes nothing without a key, on other methods and on exempt routes', async () => {
    await call(create);
    await call(create);
    await call(create, { key: 'k-1', method: 'GET', handler: handlers.list });
    await call(create, { key: 'k-1', method: 'GET', handler: handlers.list });
    await call(create, { key: 'k-1', url: '/api/things/simulate', handler: handlers.simulate });
    await call(create, { key: 'k-1', url: '/api/things/simulate', handler: handlers.simulate });
    expect(runs).toBe(6);
  });

  it('scopes the key to the caller and the path', async () => {
    await call(create, { key: 'k-1' });
    expect((await call(create, { key: 'k-1', user: 'u-2' })).value).toEqual({ id: 'thing-2' });
    expect((await call(create, { key: 'k-1', url: '/api/things/1/touch', handler: handlers.touch })).value).toEqual({ id: 'thing-3' });
  });

  it('lets exactly one of concurrent duplicates run; the other gets 409 IDEMPOTENCY.IN_PROGRESS', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slow = async () => {
      await gate;
      return create();
    };
    const both = Promise.all([call(slow, { key: 'k-1' }), call(slow, { key: 'k-1' })]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    open();
    const answers = await both;
    expect(answers.map((a) => a.error?.statusCode ?? 201).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.error)?.error).toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS', message: expect.stringContaining('outcome is unknown') });
    expect(runs).toBe(1);
  });

  it('keeps a 4xx business answer and gives it again verbatim, code and details included', async () => {
    const refuse = async () => {
      runs++;
      throw new RuleViolated('ORDER.LINES_NOT_ORDERABLE', 'two lines cannot be ordered', [{ sku: 'A' }]);
    };
    const first = await call(refuse, { key: 'k-1' });
    const again = await call(refuse, { key: 'k-1' });
    expect(first.error).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message: 'two lines cannot be ordered', code: 'ORDER.LINES_NOT_ORDERABLE', details: [{ sku: 'A' }] });
    expect(again).toEqual({ error: first.error, headers: { 'Idempotent-Replayed': 'true' } });
    expect(runs).toBe(1);
  });

  it('frees the key after a 5xx that wrote nothing: the retry runs', async () => {
    const failing = async () => {
      runs++;
      throw new Error('database unavailable');
    };
    expect((await call(failing, { key: 'k-1' })).error).toMatchObject({ statusCode: 500 });
    expect((await call(create, { key: 'k-1' })).value).toEqual({ id: 'thing-2' });
  });

  it('frees the key after a version conflict (it wrote nothing) without keeping the 409', async () => {
    const conflicting = async () => {
      runs++;
      throw new VersionConflict('thing-1', 0n, 1n);
    };
    expect((await call(conflicting, { key: 'k-1' })).error).toMatchObject({ statusCode: 409, code: 'STREAM.VERSION_CONFLICT' });
    expect((await call(create, { key: 'k-1' })).value).toEqual({ id: 'thing-2' });
  });

  it('never runs twice after a 5xx that followed an append: the key stays in progress (409, outcome unknown)', async () => {
    const writesThenFails = async () => {
      await create();
      throw new Error('the view could not be read');
    };
    expect((await call(writesThenFails, { key: 'k-1' })).error).toMatchObject({ statusCode: 500 });
    expect((await call(create, { key: 'k-1' })).error).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY.IN_PROGRESS' });
    expect(runs).toBe(1);
  });

  it('answers the client when the answer cannot be kept, and then never runs the request again', async () => {
    store.failComplete = true;
    expect((await call(create, { key: 'k-1' })).value).toEqual({ id: 'thing-1' });
    store.failComplete = false;
    expect((await call(create, { key: 'k-1' })).error).toMatchObject({ statusCode: 409 });
    expect(runs).toBe(1);
  });

  it('refuses a malformed key with 400 IDEMPOTENCY.KEY_INVALID naming the header, before running anything', async () => {
    for (const key of ['', '   ', 'x'.repeat(256), 'naïve', 'two words', '"unterminated', ['a', 'b']]) {
      expect({ key, error: (await call(create, { key })).error }).toMatchObject({ key, error: { statusCode: 400, code: 'IDEMPOTENCY.KEY_INVALID', message: expect.stringContaining('Idempotency-Key') } });
    }
    expect(runs).toBe(0);
  });

  it('takes the draft’s quoted form (sf-string) and the bare form as the same key', async () => {
    await call(create, { key: '"8e03978e-40d5-43e8-bc93-6894a57f9324"' });
    expect((await call(create, { key: '8e03978e-40d5-43e8-bc93-6894a57f9324' })).headers).toEqual({ 'Idempotent-Replayed': 'true' });
    expect((await call(create, { key: 'x'.repeat(255) })).value).toEqual({ id: 'thing-2' });
    expect(runs).toBe(2);
  });

  it('fingerprints a CSV body by its text', async () => {
    await call(create, { key: 'k-1', body: 'sku,name\nA,Bolt' });
    expect((await call(create, { key: 'k-1', body: 'sku,name\nA,Bolt' })).value).toEqual({ id: 'thing-1' });
    expect((await call(create, { key: 'k-1', body: 'sku,name\nA,Nut' })).error).toMatchObject({ statusCode: 422 });
  });
});
