/** A small HTTP client for end-to-end tests: what a real client of shared/API.md would do. */
export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The header that makes a POST safe to retry (shared/API.md): `post(path, body, idempotencyKey(key))`. */
export const idempotencyKey = (key: string): Record<string, string> => ({ 'idempotency-key': key });

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: Object.fromEntries(res.headers.entries()) };
  }

  get<T = any>(path: string): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>('POST', path, body ?? {}, headers);
  }

  async login(email: string, password: string): Promise<ApiClient> {
    const reply = await this.post<{ accessToken: string }>('/auth/token', { email, password });
    if (reply.status !== 200) throw new Error(`login of ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return this.as(reply.body.accessToken);
  }
}

export const eventually = async <T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 120_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export const waitForHealth = (baseUrl: string, timeoutMs = 60_000): Promise<true> =>
  eventually(async () => {
    try {
      return (await fetch(`${baseUrl}/api/health`)).status === 200;
    } catch {
      return false;
    }
  }, `${baseUrl}/api/health`, timeoutMs);

/** Invites users into companies as `admin` (the supplier admin) and signs each in. The run id keeps the
 *  e-mail addresses of scenarios and runs apart. */
export const inviter = (admin: ApiClient, run: string) => async (companyId: string, who: string, roles: string[]): Promise<ApiClient> => {
  const email = `${who}-${run}@example.com`;
  const reply = await admin.post(`/companies/${companyId}/users`, { email, name: who, roles, password: 'secret-password' });
  if (reply.status !== 201) throw new Error(`invite of ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return new ApiClient(admin.baseUrl).login(email, 'secret-password');
};

/** Drafts an agreement as `sales`. Agreements learn the catalog's SKUs from its events, so a draft naming
 *  products listed a moment ago may be refused as naming unknown SKUs: it is retried until it is not. */
export const draftWhenKnown = (sales: ApiClient, body: object): Promise<Reply<any>> => // eslint-disable-line @typescript-eslint/no-explicit-any
  eventually(async () => {
    const reply = await sales.post('/agreements', body);
    return reply.status === 422 && String(reply.body.message).includes('unknown SKUs') ? null : reply;
  }, 'the catalog products known to agreements');
