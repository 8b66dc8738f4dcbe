import { TARGETS } from './orders.js';
import type { DemoSummary, Login } from './seed.js';

/** What `npm run demo` prints: the logins per company and role, the order mix, and what to try. */
export interface PrintContext {
  readonly url: string;
  readonly dataDir: string;
  readonly adminPassword: string;
  /** false for --seed-only: the server was stopped after seeding. */
  readonly running: boolean;
}

const pad = (text: string, width: number): string => (text.length >= width ? `${text} ` : text.padEnd(width));

const loginLines = (logins: readonly Login[]): string[] =>
  logins.map((l) => `    ${pad(l.email, 42)}${pad(l.roles.join(', '), 18)}${l.name}: ${l.job}`);

export const formatSummary = (s: DemoSummary, ctx: PrintContext): string => {
  const api = `${ctx.url}/api`;
  const counts = TARGETS.map((t) => `${t} ${s.orders.filter((o) => o.status === t).length}`).join(', ');
  const users = 1 + s.supplier.length + s.companies.reduce((n, c) => n + c.people.length, 0);
  const when = `${s.seededAt.slice(0, 16).replace('T', ' ')} UTC`;
  const nordhafen = s.companies.find((c) => c.key === 'nordhafen');
  const inboxCompany = nordhafen?.name ?? 'Nordhafen';
  const out = [
    '',
    `B2B order platform demo: ${api}${ctx.running ? '' : ' (stopped: --seed-only)'}`,
    `data: ${ctx.dataDir}; seeded ${when} in ${s.seconds} s: 1 supplier, ${s.companies.length} customer companies, ${users} users, ${s.products} products, ${s.companies.length} signed agreements, ${s.orders.length} orders`,
    '',
    `Logins: every demo user's password is "${s.password}"; the supplier admin keeps its bootstrap password ("${ctx.adminPassword}")`,
    '  Supplier',
    ...loginLines([s.admin, ...s.supplier]),
    ...s.companies.flatMap((c) => [
      `  ${c.name}: ${c.invoicing} invoicing, net ${c.netDays} days; ${c.locations.join(', ')}; ${c.orders} orders`,
      ...loginLines(c.people),
    ]),
    '',
    `Orders by status: ${counts}`,
    '  ("approved" lasts a moment: delivery schedules an approved order at once; the trails show OrderApproved)',
    '',
    'Try it (every call but sign-in sends a bearer token):',
    `  token() { curl -s ${api}/auth/token -H 'content-type: application/json' -d "{\\"email\\":\\"$1\\",\\"password\\":\\"${s.password}\\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken'; }`,
    `  REQ=$(token ${s.showcase.viewer}); APPROVER=$(token ${s.inbox.viewer})`,
    '',
    `  API docs (Authorize with a token)     ${api}/docs`,
    `  Decision trail: ${s.showcase.people.length} people on one order`,
    `    curl -s -H "authorization: Bearer $REQ" ${api}/orders/${s.showcase.orderId}/trail`,
    `    (${s.showcase.people.join(', ')})`,
    `  Invoice ${s.invoice.number} as UBL 2.1 (HTML: .../html)`,
    `    curl -s -H "authorization: Bearer $REQ" ${api}/invoices/${s.invoice.id}/ubl`,
    '  Catalog search as a customer: its assortment at its contract prices',
    `    curl -s -H "authorization: Bearer $REQ" '${api}/catalog/search?q=${encodeURIComponent(s.search.q)}'`,
    `  Approvals inbox of ${s.inbox.viewer} (${inboxCompany}, ${s.inbox.steps} waiting)`,
    `    curl -s -H "authorization: Bearer $APPROVER" ${api}/approvals/inbox`,
    `  The company's orders and deliveries`,
    `    curl -s -H "authorization: Bearer $REQ" '${api}/orders?status=pending-approval'`,
    `    curl -s -H "authorization: Bearer $REQ" '${api}/deliveries?status=scheduled'`,
    '',
    ctx.running
      ? 'Ctrl-C stops the server. `npm run demo` again restarts it on the same data; `npm run demo -- --reset` seeds afresh.'
      : '`npm run demo` starts the server on this data.',
    '',
  ];
  return out.join('\n');
};
