import { eventually, HttpError, type Reply } from './client.js';
import { statusOf, type SeededOrder } from './flows.js';
import { unitPriceFor, type OrderPlan } from './orders.js';
import type { Member, Platform, SeededCompany } from './setup.js';

/** What a customer does besides ordering from a blank form: order again from a past order, accept a
 *  quote into an order, keep a saved list; and the supplier's finance recording payments. */
export type Special = 'reorder' | 'quote';

/** Two of the drafts start elsewhere: Nordhafen's second draft reorders a delivered order, Wiślan's
 *  draft is a quote of sales accepted into an order. */
export const specialOf = (plan: OrderPlan): Special | null =>
  plan.target !== 'draft' ? null : plan.company.key === 'nordhafen' && plan.variant === 1 ? 'reorder' : plan.company.key === 'wislan' && plan.variant === 0 ? 'quote' : null;

const day = (plusDays: number): string => new Date(Date.now() + plusDays * 86_400_000).toISOString().slice(0, 10);
const companyOf = (platform: Platform, plan: OrderPlan): SeededCompany => platform.companies.find((c) => c.plan.key === plan.company.key)!;
const byEmail = (company: SeededCompany, email: string): Member => [...company.members.values()].find((m) => m.person.email === email)!;

const seeded = (plan: OrderPlan, id: string, total: string, requester: Member): SeededOrder =>
  ({ no: plan.no, id, companyKey: plan.company.key, target: plan.target, total, requesterEmail: requester.person.email, showcase: false });

/** The requester of a delivered order orders the same again, at today's prices. */
export const reorderDraft = async (plan: OrderPlan, platform: Platform, from: SeededOrder): Promise<SeededOrder> => {
  const company = companyOf(platform, plan);
  const requester = byEmail(company, from.requesterEmail);
  const again = await requester.api.post<{ id: string; total: string }>(`/orders/${from.id}/reorder`, { requestedDeliveryDate: day(plan.daysAhead), poNumber: `PO-NH-${String(plan.no).padStart(4, '0')}` }, 201);
  await statusOf(requester.api, again.id, 'draft');
  return seeded(plan, again.id, again.total, requester);
};

/** Procurement asks for a quote, sales answers below the agreement's prices, a requester accepts it into a draft. */
export const quoteDraft = async (plan: OrderPlan, platform: Platform): Promise<SeededOrder> => {
  const company = companyOf(platform, plan);
  const requester = company.member(plan.requester);
  const asked = await company.member('procurement').api.post<{ id: string }>('/orders/quotes', { lines: plan.lines, note: 'Yearly refit of the Katowice depot: please quote for the whole lot.' }, 201);
  const prices = plan.lines.map((l) => {
    const product = platform.products.find((p) => p.sku === l.sku)!;
    return { sku: l.sku, unitPrice: (unitPriceFor(plan.company, product, l.quantity) * 0.93).toFixed(2) };
  });
  const sales = platform.staffMember('sales').api;
  await eventually(async () => {
    const reply: Reply<unknown> = await sales.request('POST', `/orders/quotes/${asked.id}/answer`, { prices, currency: 'EUR', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    if (reply.status === 200) return true;
    if (reply.status === 404) return false;
    throw new HttpError('POST /orders/quotes/:id/answer', reply);
  }, 'the quote request known to sales');
  const body = { quoteNo: 1, locationId: company.locations[requester.person.location ?? 0]!.id, requestedDeliveryDate: day(plan.daysAhead), poNumber: `PO-WS-${String(plan.no).padStart(4, '0')}` };
  const order = await requester.api.post<{ id: string; total: string }>(`/orders/quotes/${asked.id}/accept`, body, 201);
  return seeded(plan, order.id, order.total, requester);
};

/** A requester's saved list for the weekly consumables. */
export const savedList = async (platform: Platform): Promise<void> => {
  const company = platform.companies.find((c) => c.plan.key === 'nordhafen')!;
  const skus = platform.products.filter((p) => p.category === 'abrasives' || p.category === 'chemicals').slice(0, 40).filter((_, i) => i % 8 === 0);
  await company.member('requester2').api.post('/orders/lists', { name: 'Weekly consumables, Lager Bremen', lines: skus.map((p, i) => ({ sku: p.sku, quantity: 10 * (i + 1) })) }, 201);
};

/** Supplier finance records a full payment on one per-order invoice and a partial one on another. */
export const payments = async (platform: Platform): Promise<{ paid: number }> => {
  const finance = platform.staffMember('finance').api;
  let paid = 0;
  for (const [key, share] of [['wislan', 1], ['nordhafen', 0.5]] as const) {
    const company = platform.companies.find((c) => c.plan.key === key)!;
    const invoices = await finance.get<{ id: string; total: string; status: string }[]>(`/invoices?companyId=${company.id}`);
    const invoice = invoices.find((i) => i.status === 'issued');
    if (!invoice) continue;
    await finance.post(`/invoices/${invoice.id}/payments`, { amount: (Number(invoice.total) * share).toFixed(2), paidAt: day(0) }, 201);
    paid++;
  }
  return { paid };
};

