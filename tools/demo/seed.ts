import { eventually, inParallel } from './client.js';
import { payments, quoteDraft, reorderDraft, savedList, specialOf } from './extras.js';
import { runOrder, type SeededOrder } from './flows.js';
import { demoOrders } from './orders.js';
import { COMPANIES } from './people.js';
import { setUp, type Member, type Platform } from './setup.js';

/** What the demo seeded and how to sign in: printed after seeding and kept in the data directory
 *  (demo.json), so a later `npm run demo` on the same data prints it again. */
export interface Login {
  readonly name: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly job: string;
}

export interface DemoSummary {
  readonly seededAt: string;
  readonly seconds: number;
  readonly password: string;
  readonly admin: Login;
  readonly supplier: readonly Login[];
  readonly companies: readonly {
    key: string; name: string; id: string; agreementId: string; invoicing: string; netDays: number; locations: readonly string[]; people: readonly Login[]; orders: number;
  }[];
  readonly products: number;
  readonly orders: readonly { no: number; id: string; company: string; status: string; total: string }[];
  readonly showcase: { readonly orderId: string; readonly viewer: string; readonly people: readonly string[] };
  readonly invoice: { readonly id: string; readonly number: string; readonly viewer: string };
  readonly inbox: { readonly viewer: string; readonly steps: number };
  readonly search: { readonly viewer: string; readonly q: string };
  readonly deliveries: { readonly viewer: string };
}

export interface SeedOptions {
  readonly baseUrl: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  /** Every demo user's password. */
  readonly password: string;
  /** Orders worked on at once. */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

interface TrailEntry { type: string; actor: { userId: string; role: string } | null; onBehalfOf?: string }

const login = (m: Member): Login => ({ name: m.person.name, email: m.person.email, roles: m.person.roles, job: m.person.job });

/** The people on the showcase order's trail, once its invoice reached it. */
const trailPeople = async (platform: Platform, showcase: SeededOrder): Promise<string[]> => {
  const company = platform.companies.find((c) => c.plan.key === showcase.companyKey)!;
  const viewer = [...company.members.values()].find((m) => m.person.email === showcase.requesterEmail)!;
  const trail = await eventually(async () => {
    const entries = await viewer.api.get<TrailEntry[]>(`/orders/${showcase.id}/trail`);
    return entries.some((e) => e.type === 'InvoiceIssued') ? entries : null;
  }, 'the invoice on the showcase order\'s trail', 60_000);
  const everyone = [...platform.staff.values(), ...platform.companies.flatMap((c) => [...c.members.values()])];
  const nameOf = (id: string): string => everyone.find((p) => p.userId === id)?.person.name ?? id;
  const ids = [...new Set(trail.flatMap((e) => (e.actor ? [e.actor.userId] : [])))];
  return ids.map((id) => {
    const m = everyone.find((p) => p.userId === id);
    const forWhom = trail.find((e) => e.actor?.userId === id && e.onBehalfOf)?.onBehalfOf;
    return m ? `${m.person.name} (${m.person.roles.join(', ')}${forWhom ? `, on behalf of ${nameOf(forWhom)}` : ''})` : id;
  });
};

/** Seeds the demo through the public API of a running platform (empty apart from its bootstrap admin). */
export const seedDemo = async (options: SeedOptions): Promise<DemoSummary> => {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const platform = await setUp({ ...options, now: new Date(), log });
  const plans = demoOrders(COMPANIES, platform.products);
  log(`  orders: ${plans.length} orders, ${options.concurrency ?? 10} at a time …`);
  const regular = plans.filter((p) => specialOf(p) === null);
  const done = await inParallel(regular, options.concurrency ?? 10, (plan) => runOrder(plan, platform));
  const showcase = done.find((o) => o.showcase)!;
  const special = await Promise.all(plans.filter((p) => specialOf(p) !== null).map((plan) => {
    if (specialOf(plan) === 'quote') return quoteDraft(plan, platform);
    const from = done.find((o) => o.companyKey === 'nordhafen' && o.target === 'invoiced' && !o.showcase)!;
    return reorderDraft(plan, platform, from);
  }));
  const orders = [...done, ...special].sort((a, b) => a.no - b.no);
  await savedList(platform);
  await payments(platform);
  const people = await trailPeople(platform, showcase);

  const nordhafen = platform.companies.find((c) => c.plan.key === 'nordhafen')!;
  const finance = platform.staffMember('finance');
  const invoices = await finance.api.get<{ id: string; number: string | null; status: string }[]>(`/invoices?companyId=${nordhafen.id}`);
  const invoice = invoices.find((i) => i.number !== null)!;
  const approver = nordhafen.member('approver1');
  const steps = (await approver.api.get<unknown[]>('/approvals/inbox')).length;
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  log(`  done in ${seconds} s`);
  return {
    seededAt: new Date().toISOString(), seconds, password: options.password,
    admin: { name: 'Supplier admin', email: options.adminEmail, roles: ['supplier-admin'], job: 'lists products, invites staff and customers' },
    supplier: [...platform.staff.values()].map(login),
    companies: platform.companies.map((c) => ({
      key: c.plan.key, name: c.plan.name, id: c.id, agreementId: c.agreementId, invoicing: c.plan.agreement.invoicing, netDays: c.plan.agreement.netDays,
      locations: c.locations.map((l) => l.name), people: [...c.members.values()].map(login), orders: orders.filter((o) => o.companyKey === c.plan.key).length,
    })),
    products: platform.products.length,
    orders: orders.map((o) => ({ no: o.no, id: o.id, company: o.companyKey, status: o.target, total: o.total })),
    showcase: { orderId: showcase.id, viewer: showcase.requesterEmail, people },
    invoice: { id: invoice.id, number: invoice.number!, viewer: nordhafen.member('finance').person.email },
    inbox: { viewer: approver.person.email, steps },
    search: { viewer: nordhafen.member('requester1').person.email, q: 'bearing 6204' },
    deliveries: { viewer: platform.staffMember('ops').person.email },
  };
};
