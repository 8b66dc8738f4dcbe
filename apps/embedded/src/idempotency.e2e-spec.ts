import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TokenService } from '@b2b/auth';
import { ROLES } from '@b2b/kernel';
import { ApiClient, idempotencyScenario, idempotencyKey } from '@b2b/e2e';
import { SERVICES, type EmbeddedRun } from './embedded.js';
import { EMBEDDED, embeddedForSpec } from './testing/embedded-for-spec.js';

const embedded = embeddedForSpec();
const run = (): EmbeddedRun => embedded.run();

idempotencyScenario(EMBEDDED, embedded.target);

/** The POSTs that change nothing a retry could duplicate, and so ignore the header (@WithoutIdempotencyKey). */
const WITHOUT_KEY = ['/api/auth/token', '/api/approvals/simulate'];

describe('Idempotency-Key on every POST that changes state (from /api/docs-json)', () => {
  let posts: { path: string; headers: string[] }[];
  beforeAll(async () => {
    const document = (await (await fetch(`${run().url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
    posts = Object.entries(document.paths).flatMap(([path, operations]) =>
      operations['post'] ? [{ path, headers: (operations['post'].parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name) }] : []);
  });

  it('documents the header on every POST but the exempt ones', () => {
    expect(posts.length).toBeGreaterThan(25);
    const documented = posts.filter((p) => p.headers.includes('Idempotency-Key')).map((p) => p.path);
    expect(posts.map((p) => p.path).filter((p) => !documented.includes(p)).sort()).toEqual([...WITHOUT_KEY].sort());
  });

  it('answers a malformed key with 400 naming the header on every documented POST: the interceptor runs on each', async () => {
    // A user holding every role passes every route's role check, so the interceptor is what answers.
    const token = run().app.get(TokenService, { strict: false }).sign({ userId: randomUUID(), companyId: randomUUID(), roles: [...ROLES] });
    const client = new ApiClient(run().url, token);
    const answers: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const { path } of posts) {
      const reply = await client.post(path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, randomUUID()), {}, idempotencyKey('x'.repeat(256)));
      answers[path] = (reply.body as { code?: string } | null)?.code === 'IDEMPOTENCY.KEY_INVALID' ? 'checks the key' : `answers ${reply.status} without checking it`;
      expected[path] = WITHOUT_KEY.includes(path) ? expect.stringContaining('without checking') : 'checks the key';
    }
    expect(answers).toEqual(expected);
  });
  it('keeps each service’s keys in that service’s own database', async () => {
    const counts: Record<string, number> = {};
    for (const service of SERVICES) {
      const client = new pg.Client({ connectionString: run().databaseUrl(service) });
      await client.connect();
      try {
        counts[service] = Number((await client.query<{ n: string }>('select count(*) as n from idempotency_keys')).rows[0]!.n);
      } finally {
        await client.end();
      }
    }
    // The scenario above sent keys to ordering (orders, quotes, submit), delivery (dispatch, receipts)
    // and invoicing (payments) only.
    expect(counts).toEqual({ agreements: 0, catalog: 0, approvals: 0, ordering: expect.any(Number), delivery: expect.any(Number), invoicing: expect.any(Number) });
    expect(counts['ordering']! > 0 && counts['delivery']! > 0 && counts['invoicing']! > 0).toBe(true);
  });
});
