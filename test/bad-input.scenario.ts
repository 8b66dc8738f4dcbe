import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll } from '@jest/globals';
import pg from 'pg';
import type { SliceTarget } from './agreement-slice.scenario.js';
import { CORPUS, type BadInputCase, type Category } from './bad-input/corpus.js';
import { seedFixture, type Fixture } from './bad-input/fixture.js';

export { CORPUS, type BadInputCase } from './bad-input/corpus.js';

const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'] as const;
const ERROR_KEYS = new Set(['statusCode', 'error', 'message', 'code', 'details']);
/** Deadlines, generous for a loaded machine. */
const QUIET_MS = 120_000;

type Counts = Record<string, { events: string; lastEvent: string; lastOutbox: string }>;

/** What every service has written: events (count and last position) and outbox rows (last sequence
 *  number, which a relay that deletes published rows cannot lower). */
const countWrites = async (databaseUrl: (service: string) => string): Promise<Counts> => {
  const counts: Counts = {};
  for (const service of SERVICES) {
    const sql = new pg.Client({ connectionString: databaseUrl(service) });
    await sql.connect();
    try {
      const { rows: [events] } = await sql.query<{ events: string; last: string }>('select count(*)::text as events, coalesce(max(global_position), 0)::text as last from es_events');
      const { rows: [outbox] } = await sql.query<{ last: string }>('select coalesce(max(seq), 0)::text as last from es_outbox');
      counts[service] = { events: events!.events, lastEvent: events!.last, lastOutbox: outbox!.last };
    } finally {
      await sql.end();
    }
  }
  return counts;
};

/** The counts once the reactions to the seeding have settled: the same twice, a second apart. */
const quietCounts = async (databaseUrl: (service: string) => string): Promise<Counts> => {
  const deadline = Date.now() + QUIET_MS;
  let last = await countWrites(databaseUrl);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = await countWrites(databaseUrl);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    if (Date.now() > deadline) throw new Error(`the services kept writing for ${QUIET_MS} ms after the seeding: ${JSON.stringify(now)}`);
    last = now;
  }
};

/** The corpus itself, before anything is sent: big enough, only 4xx expected, every write carries a body. */
export const badInputCorpusSpec = (): void =>
  describe('bad-input corpus', () => {
    it('expects no 5xx and only 4xx answers of the error family', () => {
      expect(CORPUS.length).toBeGreaterThanOrEqual(200);
      expect(CORPUS.filter((c) => c.expect.status < 400 || c.expect.status >= 500).map((c) => c.name)).toEqual([]);
      expect(CORPUS.filter((c) => c.body === undefined && c.rawBody === undefined && c.method !== 'GET' && c.method !== 'DELETE').map((c) => c.name)).toEqual([]);
      const names = CORPUS.map((c) => c.name);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    });
  });

interface Outcome { readonly case: BadInputCase; readonly status: number; readonly body: unknown; readonly problems: string[] }

const problemsOf = (c: BadInputCase, status: number, body: unknown): string[] => {
  const problems: string[] = [];
  if (status >= 500) problems.push(`a ${status}`);
  if (status !== c.expect.status) problems.push(`status ${status}, expected ${c.expect.status}`);
  const error = body as Record<string, unknown> | null;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) {
    problems.push('not an error object');
    return problems;
  }
  if (error['statusCode'] !== status) problems.push(`statusCode ${String(error['statusCode'])} in a ${status} answer`);
  if (typeof error['error'] !== 'string' || typeof error['message'] !== 'string') problems.push('error and message must be strings');
  if (error['code'] !== undefined && typeof error['code'] !== 'string') problems.push('code must be a string');
  const extra = Object.keys(error).filter((k) => !ERROR_KEYS.has(k));
  if (extra.length > 0) problems.push(`keys beyond the error shape: ${extra.join(', ')}`);
  if (c.expect.field && !String(error['message']).includes(c.expect.field)) problems.push(`message does not name ${c.expect.field}`);
  return problems;
};

const send = async (f: Fixture, c: BadInputCase): Promise<{ status: number; body: unknown }> => {
  const client = f.clients[c.as];
  const path = c.path(f);
  if (c.rawBody) return client.request(c.method, path, c.rawBody(f), { 'content-type': c.contentType ?? 'application/json' });
  if (c.body) {
    const body = c.body(f);
    return client.request(c.method, path, JSON.stringify(body === undefined ? {} : body));
  }
  return client.request(c.method, path);
};

/** The bad-input corpus (test/bad-input/corpus.ts) against a running system: every case must answer
 *  exactly its 4xx in the one error shape, naming the field, and no case may write anything: the event
 *  stores and outboxes of every service hold as many rows after the corpus as before. Needs the
 *  services' databases (`databaseUrl`). Prints the cases per category. */
export const badInputScenario = (name: string, target: () => SliceTarget): void =>
  describe(`bad input: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    let fixture: Fixture;

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      fixture = await seedFixture(baseUrl, adminEmail, adminPassword, run, (line) => process.stdout.write(`${line}\n`));
    });
    it('refuses every case with its 4xx, naming the field, and writes nothing', async () => {
      const databaseUrl = target().databaseUrl;
      if (!databaseUrl) throw new Error('the bad-input scenario needs the services\' databases (databaseUrl)');
      const before = await quietCounts(databaseUrl);
      const outcomes: Outcome[] = [];
      for (const c of CORPUS) {
        const reply = await send(fixture, c);
        outcomes.push({ case: c, status: reply.status, body: reply.body, problems: problemsOf(c, reply.status, reply.body) });
      }
      const after = await quietCounts(databaseUrl);

      const perCategory = new Map<Category, { cases: number; failed: number }>();
      for (const o of outcomes) {
        const entry = perCategory.get(o.case.category) ?? { cases: 0, failed: 0 };
        perCategory.set(o.case.category, { cases: entry.cases + 1, failed: entry.failed + (o.problems.length > 0 ? 1 : 0) });
      }
      const statuses = new Map<number, number>();
      for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
      process.stdout.write([
        `bad-input corpus (${name}): ${outcomes.length} cases`,
        ...[...perCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, n]) => `  ${category.padEnd(16)} ${String(n.cases).padStart(4)} cases${n.failed ? `, ${n.failed} failed` : ''}`),
        `  answers: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s} × ${n}`).join(', ')}`,
        `  writes: ${SERVICES.map((s) => `${s} ${before[s]!.events}→${after[s]!.events} events`).join(', ')}`,
        '',
      ].join('\n'));

      const failed = outcomes.filter((o) => o.problems.length > 0).map((o) => ({ case: `${o.case.category}: ${o.case.name}`, problems: o.problems.join('; '), body: o.body }));
      expect(failed).toEqual([]);
      expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
      expect(after).toEqual(before);
    });
  });
