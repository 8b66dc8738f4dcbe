import { Injectable, Logger, RequestMethod, SetMetadata, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { Clock, Conflict, RuleViolated } from '@b2b/kernel';
import { ReplayedErrorResponse, toErrorBody, type ErrorBody } from '../error.filter.js';
import { IdempotencyStore, type IdempotencyRequest } from './idempotency-store.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH, parseIdempotencyKey, requestFingerprint } from './idempotency-key.js';
import { RequestWrites, trackingWrites } from './write-tracking.js';

const EXEMPT = 'b2b:idempotency-exempt';
const PURGE_EVERY_MS = 3_600_000;

interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
  readonly ip?: string;
  readonly actor?: { readonly userId: string };
}
interface HttpReply {
  header(name: string, value: string): unknown;
}

/** Idempotency-Key (draft-ietf-httpapi-idempotency-key-header) for the POSTs of a controller marked
 *  @Idempotent(). Bound per service module: Nest instantiates a controller's interceptor in the
 *  controller's own module, so each service's routes use that service's IdempotencyStore (its own
 *  database) even when six services share one process.
 *
 *  A key is scoped to the caller (the signed-in user, else the client address) and to method + path;
 *  the request's fingerprint is its body (requestFingerprint). Answers:
 *  - first use: runs the request; a 2xx or 4xx answer is kept 24 h (not a 429, not a version conflict);
 *  - same key and body again: that answer again, with `Idempotent-Replayed: true`, nothing runs;
 *  - same key, another body: 422 IDEMPOTENCY.KEY_REUSED;
 *  - while the first has not answered: 409 IDEMPOTENCY.IN_PROGRESS (exactly one of concurrent
 *    duplicates runs);
 *  - a malformed key: 400 IDEMPOTENCY.KEY_INVALID.
 *  An answer that is not kept (5xx, 429, version conflict) frees the key for a retry only when the
 *  request appended nothing to the event store (trackWrites). If it may have appended, or the process
 *  stopped mid-request, the key stays in progress until it expires: a retry never runs twice, it gets
 *  the 409 that says the outcome is unknown and how to check it. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private lastPurge = 0;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined || this.reflector.get<string | undefined>(EXEMPT, context.getHandler())) return next.handle();
    return from(this.handle(context, next, request, header));
  }

  private async handle(context: ExecutionContext, next: CallHandler, request: HttpRequest, header: string | string[]): Promise<unknown> {
    const key = parseIdempotencyKey(header);
    const [path, query = ''] = request.url.split('?', 2) as [string, string?];
    const caller = request.actor ? `user:${request.actor.userId}` : `client:${request.ip ?? 'unknown'}`;
    const claimed: IdempotencyRequest = { scope: `${caller} POST ${path}`, key, fingerprint: requestFingerprint(request.body, query) };
    const now = this.clock.now();
    this.purgeNowAndThen(now);
    const claim = await this.store.claim(claimed, now);
    switch (claim.outcome) {
      case 'mismatch':
        throw new RuleViolated('IDEMPOTENCY.KEY_REUSED', `${IDEMPOTENCY_KEY_HEADER}: this key was used for POST ${path} with another body within the last 24 h; send a new key with a new request`);
      case 'in-progress':
        throw new Conflict('IDEMPOTENCY.IN_PROGRESS',
          `${IDEMPOTENCY_KEY_HEADER}: the request first sent with this key at ${claim.since.toISOString()} has not answered: it is still being processed, ` +
          'or the server stopped or failed while processing it and its outcome is unknown. Retry later with the same key; ' +
          'before sending it with a new key, check (GET) whether it took effect');
      case 'done':
        context.switchToHttp().getResponse<HttpReply>().header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        if (claim.response.status >= 400) throw new ReplayedErrorResponse(JSON.parse(claim.response.body ?? 'null') as ErrorBody);
        return claim.response.body === null ? undefined : JSON.parse(claim.response.body);
      case 'new':
        return this.run(context, next, claimed, claim.token);
    }
  }

  private async run(context: ExecutionContext, next: CallHandler, claimed: IdempotencyRequest, token: string): Promise<unknown> {
    const writes = new RequestWrites();
    let value: unknown;
    try {
      value = await trackingWrites(writes, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (error: unknown) {
      const body = toErrorBody(error);
      if (kept(body)) await this.keep(claimed, token, body.statusCode, body);
      else if (!writes.mayHaveWritten) await this.store.release(claimed, token).catch((e: unknown) => this.logger.warn(`could not free key ${claimed.key}: ${String(e)}`));
      else this.logger.warn(`${claimed.scope}: answered ${body.statusCode} after it may have written; key ${claimed.key} stays in progress until it expires`);
      throw error;
    }
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    await this.keep(claimed, token, status, value);
    return value;
  }

  /** The answer goes to the client even when it cannot be kept: the key then stays in progress (409). */
  private async keep(claimed: IdempotencyRequest, token: string, status: number, body: unknown): Promise<void> {
    try {
      await this.store.complete(claimed, token, { status, body: body === undefined ? null : JSON.stringify(body) }, this.clock.now());
    } catch (error: unknown) {
      this.logger.warn(`could not keep the answer for key ${claimed.key} (${claimed.scope}): ${String(error)}`);
    }
  }

  private purgeNowAndThen(now: Date): void {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    this.store.purgeExpired(now).catch((error: unknown) => this.logger.warn(`purging expired keys failed: ${String(error)}`));
  }
}

/** 2xx, and 4xx business answers; not 429 (try later) nor a version conflict (nothing was written). */
const kept = (body: ErrorBody): boolean =>
  body.statusCode >= 400 && body.statusCode < 500 && body.statusCode !== 429 && body.code !== 'STREAM.VERSION_CONFLICT';

const HEADER_DOC = {
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    'Optional (draft-ietf-httpapi-idempotency-key-header): a unique key, e.g. a UUID, of 1 to 255 visible ASCII characters. ' +
    'The same key and body within 24 h answer the first response again (header Idempotent-Replayed: true) and change nothing; ' +
    'another body 422 IDEMPOTENCY.KEY_REUSED; while the first is unanswered 409 IDEMPOTENCY.IN_PROGRESS. Keys are per user and path.',
  schema: { type: 'string', maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
} as const;

/** Every POST of this controller honours Idempotency-Key (IdempotencyInterceptor), and says so in
 *  OpenAPI, except methods marked @WithoutIdempotencyKey. One line per controller. */
export const Idempotent = (): ClassDecorator => (target) => {
  UseInterceptors(IdempotencyInterceptor)(target);
  const prototype = (target as unknown as { prototype: object }).prototype;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    const handler: unknown = descriptor?.value;
    if (typeof handler !== 'function' || name === 'constructor') continue;
    if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST || Reflect.getMetadata(EXEMPT, handler)) continue;
    ApiHeader(HEADER_DOC)(prototype, name, descriptor!);
  }
};

/** A POST that changes nothing a retry could duplicate (sign-in, a simulation): the header is ignored. */
export const WithoutIdempotencyKey = (reason: string): MethodDecorator => SetMetadata(EXEMPT, reason);
