import { eventually, HttpError, type Api, type Reply } from './client.js';
import type { OrderLine, OrderPlan, Target } from './orders.js';
import type { Member, Platform, SeededCompany } from './setup.js';

/** How one order of the demo gets where its plan says, through the API as its people would: the
 *  requester drafts and submits, approvers decide in their inbox, supplier ops dispatches, the
 *  receiver of the location records the receipt, invoicing and delivery follow by events. */
export interface SeededOrder {
  readonly no: number;
  readonly id: string;
  readonly companyKey: string;
  readonly target: Target;
  readonly total: string;
  readonly requesterEmail: string;
  readonly showcase: boolean;
}

interface OrderView { id: string; status: string; total: string; round: number; lines: OrderLine[] }
interface InboxStep { id: string; orderId: string; level: number; round: number }
interface Decision { roundStatus: string; nextStepId?: string }
interface Delivery { id: string; orderId: string; promisedDate: string; status: string }

/** How long a wait may go without any progress of the platform (client.ts eventually). */
const WAIT_MS = 90_000;
const APPROVE = ['Within budget, approved.', 'OK for the maintenance shutdown.', 'Approved; cost center checked.', 'Fine. Please consolidate with next week\'s delivery where possible.'];
const REJECT = ['Not in this quarter\'s plan: please order again in January.', 'We still have these in stock at the other site: transfer them instead.'];
const CHANGES = ['Please split this order by cost center.', 'Quantities look high: check them against the last three months\' usage.'];
const CARRIERS = [['DHL Freight', 'JD0146'], ['DB Schenker', 'SCH'], ['DSV Road', 'DSV'], ['Dachser', 'DAC'], ['Raben Logistics', 'RAB']] as const;

const day = (plusDays: number): string => new Date(Date.now() + plusDays * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** Ordering learns agreements, products and locations from events: a first order may be refused until they arrived. */
export const draftOrder = (requester: Api, body: object): Promise<OrderView> =>
  eventually(async () => {
    const reply: Reply<OrderView & { message?: string }> = await requester.request('POST', '/orders', body);
    if (reply.status === 201) return reply.body;
    if (reply.status === 422 && /no agreement in force|not a location|not in the catalog/i.test(String(reply.body.message))) return null;
    throw new HttpError('POST /orders', reply);
  }, 'the agreement, products and locations in ordering', WAIT_MS);

export const statusOf = (as: Api, orderId: string, status: string): Promise<OrderView> =>
  eventually(async () => {
    const order = await as.get<OrderView>(`/orders/${orderId}`);
    return order.status === status ? order : null;
  }, `order ${orderId} ${status}`, WAIT_MS);

const stepFor = (as: Api, orderId: string, level: number, round: number): Promise<InboxStep> =>
  eventually(async () => (await as.get<InboxStep[]>('/approvals/inbox')).find((s) => s.orderId === orderId && s.level === level && s.round === round), `the level ${level} step of order ${orderId} in the inbox`, WAIT_MS);

export const deliveryOf = (ops: Api, orderId: string): Promise<Delivery> =>
  eventually(async () => (await ops.get<Delivery[]>(`/deliveries?orderId=${orderId}`))[0], `the delivery of order ${orderId}`, WAIT_MS);

type Decide = { by: Member; kind: 'approve' | 'reject' | 'request-changes'; text: string };

/** Decides the round's levels in turn, as the inbox shows them, and stops after the last decision given. */
const decideRound = async (orderId: string, round: number, decisions: readonly Decide[]): Promise<void> => {
  let stepId: string | undefined;
  for (const [i, d] of decisions.entries()) {
    stepId ??= (await stepFor(d.by.api, orderId, i + 1, round)).id;
    const body = d.kind === 'approve' ? { comment: d.text } : d.kind === 'reject' ? { reason: d.text } : { comment: d.text };
    const decided = await d.by.api.post<Decision>(`/approvals/${stepId}/${d.kind}`, body);
    stepId = decided.nextStepId;
  }
};

const receive = async (receiver: Member, deliveryId: string, lines: readonly { sku: string; quantityReceived: number; quantityDamaged?: number }[]): Promise<void> => {
  const nonZero = lines.filter((l) => l.quantityReceived > 0);
  if (nonZero.length > 0) await receiver.api.post(`/deliveries/${deliveryId}/receipt`, { lines: nonZero }, 201);
};

/** The planned approval decisions of an order's first round. */
const firstRound = (plan: OrderPlan, company: SeededCompany): Decide[] => {
  const approver = company.member(plan.no % 2 === 0 ? 'approver1' : 'approver2');
  const finance = company.member('finance');
  const approve = (by: Member, n = plan.no): Decide => ({ by, kind: 'approve', text: pick(APPROVE, n) });
  if (plan.showcase) return [{ by: company.member('approver1'), kind: 'request-changes', text: 'Please cover the whole shutdown: add 10 % spares on the first line and submit again.' }];
  switch (plan.target) {
    case 'pending-approval':
      return plan.variant === 0 ? [] : [approve(approver)];
    case 'rejected':
      return plan.levels === 1 ? [{ by: approver, kind: 'reject', text: pick(REJECT, plan.no) }] : [approve(approver), { by: finance, kind: 'reject', text: pick(REJECT, plan.no) }];
    case 'changes-requested':
      return plan.levels === 1 ? [{ by: approver, kind: 'request-changes', text: pick(CHANGES, plan.no) }] : [approve(approver), { by: finance, kind: 'request-changes', text: pick(CHANGES, plan.no) }];
    case 'cancelled':
      return plan.company.key === 'wislan' ? [approve(approver)] : [];
    case 'draft':
      return [];
    case 'scheduled':
    case 'dispatched':
    case 'partially-received':
    case 'received':
    case 'invoiced':
      return plan.levels === 0 ? [] : plan.levels === 1 ? [approve(approver)] : [approve(approver), approve(finance, plan.no + 1)];
  }
};

/** The showcase's second round, after the requester added the spares: another approver, then the
 *  company admin deciding level 2 on behalf of the finance approver (holiday delegation). */
const showcaseRevision = async (company: SeededCompany, requester: Member, order: OrderView): Promise<void> => {
  await statusOf(requester.api, order.id, 'changes-requested');
  const lines = order.lines.map((l, i) => ({ sku: l.sku, quantity: i === 0 ? Math.ceil(l.quantity * 1.1) : l.quantity }));
  await requester.api.put(`/orders/${order.id}/lines`, { lines });
  await requester.api.post(`/orders/${order.id}/submit`);
  await decideRound(order.id, 2, [
    { by: company.member('approver2'), kind: 'approve', text: 'Spares added, fine for the shutdown.' },
    { by: company.member('admin'), kind: 'approve', text: 'Approved for Frank (on holiday).' },
  ]);
};

/** Goods in: partial targets get half of the first line; full ones in one receipt, in two, or with damage. */
const receipts = async (plan: OrderPlan, receiver: Member, deliveryId: string, lines: readonly OrderLine[]): Promise<void> => {
  if (plan.target === 'partially-received') {
    await receive(receiver, deliveryId, [{ sku: lines[0]!.sku, quantityReceived: Math.ceil(lines[0]!.quantity / 2) }]);
    return;
  }
  const mode = plan.showcase ? 1 : plan.variant % 3;
  if (mode === 0) return receive(receiver, deliveryId, lines.map((l) => ({ sku: l.sku, quantityReceived: l.quantity })));
  if (mode === 2) return receive(receiver, deliveryId, lines.map((l, i) => ({ sku: l.sku, quantityReceived: l.quantity, quantityDamaged: i === 0 ? Math.max(1, Math.floor(l.quantity / 50)) : 0 })));
  await receive(receiver, deliveryId, lines.map((l, i) => ({ sku: l.sku, quantityReceived: Math.ceil(l.quantity / 2), quantityDamaged: i === 0 ? 1 : 0 })));
  await receive(receiver, deliveryId, lines.map((l) => ({ sku: l.sku, quantityReceived: l.quantity - Math.ceil(l.quantity / 2) })));
};

const fulfil = async (plan: OrderPlan, platform: Platform, company: SeededCompany, requester: Member, order: OrderView): Promise<void> => {
  const ops = platform.staffMember('ops').api;
  const receiver = company.member(requester.person.location === 1 ? 'receiver2' : 'receiver1');
  const scheduled = await statusOf(requester.api, order.id, 'scheduled');
  const delivery = await deliveryOf(ops, order.id);
  if (plan.target === 'cancelled') {
    await requester.api.post(`/orders/${order.id}/cancel`, { reason: 'Site visit postponed: the goods are not needed this month.' });
    return;
  }
  if (plan.target === 'scheduled') {
    if (plan.variant === 1) {
      const later = new Date(Date.parse(`${delivery.promisedDate}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      await ops.post(`/deliveries/${delivery.id}/reschedule`, { promisedDate: later, reason: 'Carrier capacity: moved to the next tour.' });
    }
    return;
  }
  const [carrier, prefix] = pick(CARRIERS, plan.no);
  await ops.post(`/deliveries/${delivery.id}/dispatch`, { carrier, trackingReference: `${prefix}${String(7_340_000 + plan.no * 7_919)}` });
  if (plan.target === 'dispatched') return;
  await receipts(plan, receiver, delivery.id, scheduled.lines);
};

/** One order, from the draft to its target status (waits until the platform shows that status). */
export const runOrder = async (plan: OrderPlan, platform: Platform): Promise<SeededOrder> => {
  const company = platform.companies.find((c) => c.plan.key === plan.company.key)!;
  const requester = company.member(plan.requester);
  const locationId = company.locations[requester.person.location ?? 0]!.id;
  const code = { nordhafen: 'NH', maasdelta: 'MD', wislan: 'WS' }[plan.company.key];
  const header = { locationId, requestedDeliveryDate: day(plan.daysAhead), poNumber: `PO-${code}-${String(plan.no).padStart(4, '0')}`, costCenter: plan.costCenter };
  const order = await draftOrder(requester.api, { ...header, lines: plan.lines });
  const done = (o: OrderView): SeededOrder => ({ no: plan.no, id: o.id, companyKey: company.plan.key, target: plan.target, total: o.total, requesterEmail: requester.person.email, showcase: plan.showcase });

  if (plan.target === 'draft' || (plan.target === 'cancelled' && plan.company.key === 'maasdelta')) {
    if (plan.target === 'cancelled') await requester.api.post(`/orders/${order.id}/cancel`, { reason: 'Ordered twice by mistake.' });
    else if (plan.variant === 0) await requester.api.put(`/orders/${order.id}/lines`, { lines: plan.lines.map((l) => ({ ...l, quantity: l.quantity + 10 })) });
    return done(await statusOf(requester.api, order.id, plan.target));
  }
  const submitted = await requester.api.post<OrderView>(`/orders/${order.id}/submit`);
  const expected = plan.levels === 0 ? 'approved' : 'pending-approval';
  if (submitted.status !== expected) throw new Error(`order ${plan.no} (total ${submitted.total}) is ${submitted.status} after submission, the plan expected ${expected}`);
  await decideRound(order.id, 1, firstRound(plan, company));
  if (plan.showcase) await showcaseRevision(company, requester, order);
  if (plan.target === 'cancelled' && plan.company.key === 'nordhafen') {
    await company.member('admin').api.post(`/orders/${order.id}/cancel`, { reason: 'Budget freeze until the next quarter.' });
  } else if (!['pending-approval', 'rejected', 'changes-requested'].includes(plan.target)) {
    await fulfil(plan, platform, company, requester, order);
  }
  return done(await statusOf(requester.api, order.id, plan.target));
};
