/** The demo's HTTP client: what any client of shared/API.md does (a bearer token per person, JSON in and
 *  out). A copy in miniature of test/api-client.ts, which cannot be loaded outside Jest: its package
 *  (@b2b/e2e) also exports the Jest scenarios. */
export interface Reply<T> {
  readonly status: number;
  readonly body: T;
}

export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly reply: Reply<unknown>,
  ) {
    super(`${what}: HTTP ${reply.status} ${typeof reply.body === 'string' ? reply.body.slice(0, 500) : JSON.stringify(reply.body)}`);
  }
}

const isVersionConflict = (body: unknown): boolean => typeof body === 'object' && body !== null && (body as { code?: unknown }).code === 'STREAM.VERSION_CONFLICT';

export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply<T>> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': contentType } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON (UBL, HTML, CSV): keep the text */
    }
    return { status: res.status, body: parsed as T };
  }

  /** The body of a reply with the expected status; anything else throws, naming the step. A write that
   *  lost an optimistic-concurrency race (409 STREAM.VERSION_CONFLICT: nothing was written, e.g. two
   *  submissions reserving the same cost center's budget at once) is sent again, as any client would. */
  async expect<T>(status: number, method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const reply = await this.request<T>(method, path, body, contentType);
      if (reply.status === status) return reply.body;
      if (!(reply.status === 409 && isVersionConflict(reply.body) && attempt < 10)) throw new HttpError(`${method} ${path}`, reply);
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }

  get<T>(path: string): Promise<T> {
    return this.expect<T>(200, 'GET', path);
  }
  post<T>(path: string, body: unknown = {}, status = 200): Promise<T> {
    return this.expect<T>(status, 'POST', path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.expect<T>(200, 'PUT', path, body);
  }

  async login(email: string, password: string): Promise<Api> {
    const { accessToken } = await this.post<{ accessToken: string }>('/auth/token', { email, password });
    return this.as(accessToken);
  }
}

/** What the demo watches to tell a slow server from a stuck one: the consumer groups' positions
 *  (GET /api/health/consumers, as the supplier admin). While they move, the platform is still at work. */
let progressOf: (() => Promise<string>) | null = null;

/** Makes every `eventually` of the demo wait as long as the platform makes progress (see progressOf). */
export const watchProgress = (admin: Api): void => {
  progressOf = async () => {
    const report = await admin.get<{ consumers: { group: string; partitions: { handledOffset: string | null }[] }[] }>('/health/consumers');
    return JSON.stringify(report.consumers.map((c) => [c.group, c.partitions.map((p) => p.handledOffset)]));
  };
};

/** Polls until `probe` answers something truthy: the services learn about each other through events on
 *  the in-process bus, so what one service did shows in another a moment later. On a busy machine that
 *  moment can be long: it gives up only after `stallMs` in which neither the probe came true nor the
 *  platform's consumers moved on (watchProgress), never after a fixed time. */
export const eventually = async <T>(probe: () => Promise<T | undefined | null | false>, what: string, stallMs = 60_000): Promise<T> => {
  let lastProgress = await progressOf?.().catch(() => null);
  let movedAt = Date.now();
  let lookedAt = movedAt;
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (value) return value;
    const now = Date.now();
    if (progressOf && now - lookedAt >= 1_000) {
      lookedAt = now;
      const progress = await progressOf().catch(() => null);
      if (progress !== null && progress !== lastProgress) {
        lastProgress = progress;
        movedAt = now;
      }
    }
    if (now - movedAt > stallMs) throw new Error(`gave up waiting for ${what}: no progress for ${stallMs / 1000} s`);
    await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 250)));
  }
};

/** Runs `work` over `items`, at most `limit` at a time, in the items' order of start. */
export const inParallel = async <I, O>(items: readonly I[], limit: number, work: (item: I, index: number) => Promise<O>): Promise<O[]> => {
  const results = new Array<O>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};
