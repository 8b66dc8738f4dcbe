import { randomUUID } from 'node:crypto';

/** The soak's HTTP client: what a careful client of shared/API.md does when the platform is having a bad
 *  day. A request that fails because a process, the broker or the database was taken away (connection
 *  refused or reset, 502/503/504, a timeout, a lost optimistic-concurrency race) is sent again after a
 *  pause, with the same Idempotency-Key, until it answers or RETRY_DEADLINE_MS has passed. A 500 is
 *  retried too but counted as a finding: a transient fault must be answered 503 or retried inside,
 *  never 500 (issue 12). Whether a failed attempt may have been applied (`ambiguous`) is reported, so
 *  a step can look before it writes again. */
export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
  /** An earlier attempt failed in a way that leaves open whether the server applied it. */
  readonly ambiguous: boolean;
}

export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly reply: { status: number; body: unknown },
  ) {
    super(`${what}: HTTP ${reply.status} ${typeof reply.body === 'string' ? reply.body.slice(0, 300) : JSON.stringify(reply.body)?.slice(0, 300)}`);
  }
}

/** Longest a request is retried through faults before the step gives up. */
export const RETRY_DEADLINE_MS = 240_000;
/** One attempt: longer than the gateway's own upstream timeout (30 s), which answers 503. */
export const ATTEMPT_TIMEOUT_MS = 45_000;

export type RetryReason = 'refused' | 'reset' | 'timeout' | '502' | '503' | '504' | '500' | 'version-conflict';

/** What the clients met on the way, over the whole run. */
export class ClientStats {
  requests = 0;
  readonly retries = new Map<RetryReason, number>();
  /** Every 500 answer: method, path pattern and message, with how often. */
  readonly serverErrors = new Map<string, number>();

  retried(reason: RetryReason): void {
    this.retries.set(reason, (this.retries.get(reason) ?? 0) + 1);
  }
  serverError(method: string, path: string, body: unknown): void {
    const message = typeof body === 'object' && body !== null ? JSON.stringify((body as { message?: unknown }).message ?? body) : String(body);
    const key = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/\?.*$/, '')}: ${message.slice(0, 160)}`;
    this.serverErrors.set(key, (this.serverErrors.get(key) ?? 0) + 1);
  }
  get totalRetries(): number {
    return [...this.retries.values()].reduce((a, b) => a + b, 0);
  }
}

const isVersionConflict = (body: unknown): boolean => typeof body === 'object' && body !== null && (body as { code?: unknown }).code === 'STREAM.VERSION_CONFLICT';

const failureOf = (error: unknown): RetryReason => {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.cause?.name === 'TimeoutError') return 'timeout';
  return e.cause?.code === 'ECONNREFUSED' ? 'refused' : 'reset';
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SoakClient {
  constructor(
    readonly baseUrl: string,
    readonly stats: ClientStats,
    private readonly token?: string,
  ) {}

  as(token: string): SoakClient {
    return new SoakClient(this.baseUrl, this.stats, token);
  }

  /** Sends until an answer that is not a fault. `idempotencyKey` (default: a fresh one per call for
   *  POST/PUT/DELETE) is the same on every attempt. */
  async request<T = any>(method: string, path: string, body?: unknown, options: { idempotencyKey?: string; contentType?: string } = {}): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const key = method === 'GET' ? undefined : (options.idempotencyKey ?? randomUUID());
    const deadline = Date.now() + RETRY_DEADLINE_MS;
    let ambiguous = false;
    for (let attempt = 0; ; attempt++) {
      this.stats.requests++;
      let reason: RetryReason;
      let last: { status: number; body: unknown } | null = null;
      try {
        const res = await fetch(`${this.baseUrl}/api${path}`, {
          method,
          headers: {
            ...(body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...(key ? { 'idempotency-key': key } : {}),
          },
          ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON: keep the text */
        }
        last = { status: res.status, body: parsed };
        if (res.status === 500) {
          this.stats.serverError(method, path, parsed);
          reason = '500';
        } else if (res.status === 502 || res.status === 503 || res.status === 504) {
          reason = String(res.status) as RetryReason;
        } else if (res.status === 409 && isVersionConflict(parsed)) {
          reason = 'version-conflict';
        } else {
          return { status: res.status, body: parsed as T, ambiguous };
        }
        // The gateway answers 503 for an upstream that refused the connection (nothing sent) and for one
        // that dropped it mid-request (maybe applied).
        const refused = reason === '503' && /ECONNREFUSED/.test(JSON.stringify(parsed));
        if (reason !== 'version-conflict' && !refused) ambiguous = true;
      } catch (error: unknown) {
        reason = failureOf(error);
        if (reason !== 'refused') ambiguous = true;
      }
      this.stats.retried(reason);
      if (Date.now() > deadline) {
        throw new HttpError(`${method} ${path} still failing after ${RETRY_DEADLINE_MS} ms of retries (last: ${reason})`, last ?? { status: 0, body: reason });
      }
      await sleep(Math.min(100 * 2 ** Math.min(attempt, 5), 2_000) + Math.floor(Math.random() * 100));
    }
  }

  get<T = any>(path: string): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}, idempotencyKey?: string): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>('POST', path, body, idempotencyKey ? { idempotencyKey } : {});
  }

  /** The body of an answer with the expected status; anything else throws, naming the request. */
  async expect<T>(status: number, method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const reply = await this.request<T>(method, path, body, contentType ? { contentType } : {});
    if (reply.status !== status) throw new HttpError(`${method} ${path}`, reply);
    return reply.body;
  }

  async login(email: string, password: string): Promise<SoakClient> {
    const { accessToken } = await this.expect<{ accessToken: string }>(200, 'POST', '/auth/token', { email, password });
    return this.as(accessToken);
  }
}

/** Polls `probe` until it answers something truthy or `timeoutMs` passes (then null): the services learn
 *  of each other through Kafka, so what one did shows in another a moment later, or after a fault much later. */
export const within = async <T>(timeoutMs: number, probe: () => Promise<T | undefined | null | false>): Promise<T | null> => {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) return null;
    await sleep(Math.min(250 * 2 ** attempt, 1_000));
  }
};
