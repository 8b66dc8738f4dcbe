import { it, expect } from '@jest/globals';
import { eventually, inviter, type ApiClient } from './api-client.js';

/** What the journey scenario reads from the API, as far as it checks it. */
export interface InboxStep { id: string; orderId: string; level: number; role: string; orderTotal: string; currency: string }
export interface Delivery { id: string; orderId: string; promisedDate: string; status: string; lines: { sku: string; quantity: number }[]; rule: { approvedOn: string } }
export interface TrailEntry { at: string; service: string; type: string; actor: { userId: string; role: string; companyId: string } | null; data: Record<string, unknown> }
export interface Person { client: ApiClient; id: string }

export const today = (): string => new Date().toISOString().slice(0, 10);
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** shared/API.md "Delivery": the first delivery weekday (1 = Monday) on or after max(requested date,
 *  approval day + lead time). */
export const promisedDateOf = (requested: string, approvedOn: string, leadTimeDays: number, weekdays: readonly number[]): string => {
  let day = [requested, addDays(approvedOn, leadTimeDays)].sort().at(-1)!;
  while (!weekdays.includes(((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1)) day = addDays(day, 1);
  return day;
};

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const money = (c: number): string => (c / 100).toFixed(2);

/** Checks an invoice's VAT and totals from its lines, in integer cents: line VAT = line net × rate
 *  rounded half-up to the cent, totals the sums of the rounded lines, nothing paid yet. */
export const expectInvoiceSums = (invoice: { lines: { lineTotal: string; vatRate: string; vat: string }[]; netTotal: string; vatTotal: string; total: string; openAmount: string }): void => {
  const net = invoice.lines.reduce((sum, l) => sum + cents(l.lineTotal), 0);
  const vat = invoice.lines.reduce((sum, l) => {
    expect(l.vat).toBe(money(Math.floor((cents(l.lineTotal) * Math.round(Number(l.vatRate) * 100) + 5_000) / 10_000)));
    return sum + cents(l.vat);
  }, 0);
  expect(invoice).toMatchObject({ netTotal: money(net), vatTotal: money(vat), total: money(net + vat), openAmount: money(net + vat) });
};

/** Steps of one continuous walk: each needs the ones before it, so after a failure the later steps say
 *  which step broke the walk instead of failing on their own. */
export const walk = () => {
  let broken: string | undefined;
  return (title: string, fn: () => Promise<void>): void =>
    it(title, async () => {
      if (broken) throw new Error(`not walked: the earlier step "${broken}" failed`);
      try {
        await fn();
      } catch (error: unknown) {
        broken = title;
        throw error;
      }
    });
};

/** Invites as `by` (the supplier admin or the company's admin) and finds the new user's id in the
 *  company's user list. */
export const inviteWithId = (by: ApiClient, run: string) => async (companyId: string, who: string, roles: string[]): Promise<Person> => {
  const client = await inviter(by, run)(companyId, who, roles);
  const users = (await by.get<{ id: string; email: string; roles: string[] }[]>(`/companies/${companyId}/users`)).body;
  const user = users.find((u) => u.email === `${who}-${run}@example.com`);
  expect(user).toMatchObject({ roles });
  return { client, id: user!.id };
};

/** Another company's resources are not found (shared/API.md): every path answers `as` 404 in the error shape. */
export const expectNotFound = async (as: ApiClient, paths: readonly string[]): Promise<void> => {
  for (const path of paths) {
    const reply = await as.get(path);
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ path, status: 404, body: { statusCode: 404, error: 'Not Found' } });
  }
};

/** A bad request: 400 in the error shape, its message naming `field`. */
export const expectBadRequest = (reply: { status: number; body: unknown }, field: string): void =>
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: expect.stringContaining(field) } });

const FLOW = ['draft', 'pending-approval', 'approved', 'scheduled', 'dispatched', 'partially-received', 'received', 'invoiced'];

/** Waits for the order to reach `status`: exactly, or `atLeast` when later stages may follow at once. */
export const waitForOrderStatus = (as: ApiClient, orderId: string, status: string, atLeast = false): Promise<true> =>
  eventually(async () => {
    const current = (await as.get(`/orders/${orderId}`)).body.status as string;
    return current === status || (atLeast && FLOW.indexOf(current) > FLOW.indexOf(status));
  }, `order status ${status}`);

/** Searches the catalog as `as` until it answers `total` items (agreements reach the catalog by events); the items by SKU. */
export const search = (as: ApiClient, q: string, total: number): Promise<{ sku: string }[]> =>
  eventually(async () => {
    const reply = await as.get(`/catalog/search?q=${encodeURIComponent(q)}`);
    return reply.body.total === total ? (reply.body.items as { sku: string }[]).sort((x, y) => x.sku.localeCompare(y.sku)) : null;
  }, `${total} search results for ${q}`);
