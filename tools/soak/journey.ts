import { randomUUID } from 'node:crypto';
import Big from 'big.js';
import { HttpError, within, type SoakClient } from './client.js';
import { APPROVAL_POLICY, PRODUCTS, type Customer, type Platform, type ProductKey } from './setup.js';

/** Longest a journey waits for the platform to move its order on after a step (the approval step in the
 *  inbox, the delivery scheduled, the invoice issued): generous, since a fault may have just taken a
 *  process or the broker away. An order that has not moved on by then is stuck. */
export const STEP_DEADLINE_MS = 180_000;

export interface ReceiptPlan {
  readonly lines: readonly { sku: string; quantityReceived: number; quantityDamaged: number }[];
}

export interface JourneyPlan {
  readonly no: number;
  readonly customer: Customer;
  /** Unique per journey: the orders carrying it are this journey's (one, unless a retried create made two). */
  readonly poNumber: string;
  readonly lines: readonly { sku: string; quantity: number }[];
  readonly total: string;
  /** Approval levels the policy asks for at this total. */
  readonly levels: number;
  readonly receipts: readonly ReceiptPlan[];
}

export type JourneyOutcome = 'invoiced' | 'stuck' | 'failed';

export interface JourneyResult {
  readonly plan: JourneyPlan;
  readonly orderId: string | null;
  readonly outcome: JourneyOutcome;
  /** Where it stopped (the last step for an invoiced one). */
  readonly step: string;
  /** The order's status when the journey ended. */
  readonly status: string | null;
  readonly detail?: string;
  /** Writes the platform applied twice (a retried receipt without idempotency), as the client saw them. */
  readonly appliedTwice: readonly string[];
  readonly startedAt: number;
  readonly endedAt: number;
}

/** What journey `no` orders: 0, 1 or 2 approval levels in turn; every third received in two parts; every
 *  fourth with a damaged unit (invoiced is received minus damaged). */
export const planJourney = (no: number, run: string, platform: Platform): JourneyPlan => {
  const customer = platform.customers[no % platform.customers.length]!;
  const sku = (key: ProductKey): string => platform.skus[key];
  const price = (key: ProductKey): string => PRODUCTS.find((p) => p.key === key)!.unitPrice;
  const shape: [ProductKey, number][] = [
    [['washer', 5 + (no % 7)]],
    [['bracket', 7 + (no % 5)], ['washer', 10]],
    [['pump', 9 + (no % 3)], ['bracket', 4]],
  ][no % 3] as [ProductKey, number][];
  const lines = shape.map(([key, quantity]) => ({ sku: sku(key), quantity }));
  const total = shape.reduce((sum, [key, quantity]) => sum.plus(new Big(price(key)).times(quantity)), new Big(0));
  const levels = APPROVAL_POLICY.levels.filter((l) => total.gte(l.minTotal)).length;
  const damaged = no % 4 === 0 ? 1 : 0;
  const receipts: ReceiptPlan[] = no % 3 === 0
    ? [
      { lines: lines.map((l) => ({ sku: l.sku, quantityReceived: Math.floor(l.quantity / 2), quantityDamaged: 0 })).filter((l) => l.quantityReceived > 0) },
      { lines: lines.map((l, i) => ({ sku: l.sku, quantityReceived: l.quantity - Math.floor(l.quantity / 2), quantityDamaged: i === 0 ? damaged : 0 })) },
    ]
    : [{ lines: lines.map((l, i) => ({ sku: l.sku, quantityReceived: l.quantity, quantityDamaged: i === 0 ? damaged : 0 })) }];
  return { no, customer, poNumber: `SOAK-${run}-${no}`, lines, total: total.toFixed(2), levels, receipts };
};

/** What each order should be invoiced for, per SKU: received minus damaged. */
export const expectedInvoiced = (plan: JourneyPlan): Map<string, number> => {
  const bySku = new Map<string, number>();
  for (const r of plan.receipts) for (const l of r.lines) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantityReceived - l.quantityDamaged);
  return bySku;
};

class Stuck extends Error {
  constructor(readonly step: string) {
    super(`not reached within ${STEP_DEADLINE_MS} ms: ${step}`);
  }
}

interface OrderView { id: string; status: string; total: string; round: number }
interface InboxStep { id: string; orderId: string; level: number }
interface DeliveryView { id: string; status: string; received: { sku: string; quantityReceived: number; quantityDamaged: number }[] }

const NOT_KNOWN_YET = /no agreement in force|not a location|not in the catalog|not orderable/i;

/** One order from creation to its invoice, through the gateway's public API only, as its people do it:
 *  the requester creates and submits, the approvers decide from their inbox, supplier ops dispatches the
 *  delivery scheduled on approval, the receiver records the receipt(s), invoicing issues the per-order
 *  invoice. Every write carries an Idempotency-Key that stays the same when the client retries it. */
export const runJourney = async (plan: JourneyPlan, ops: SoakClient): Promise<JourneyResult> => {
  const startedAt = Date.now();
  const c = plan.customer;
  const appliedTwice: string[] = [];
  let orderId: string | null = null;
  let step = 'create the order';
  const status = async (): Promise<string | null> => (orderId ? (await c.requester.get<OrderView>(`/orders/${orderId}`)).body.status ?? null : null);
  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> => {
    step = what;
    const value = await within(STEP_DEADLINE_MS, probe);
    if (!value) throw new Stuck(what);
    return value;
  };
  const finish = async (outcome: JourneyOutcome, detail?: string): Promise<JourneyResult> => {
    let last: string | null = null;
    try {
      last = await status();
    } catch {
      /* the order's status is looked up again by the checks */
    }
    return { plan, orderId, outcome, step, status: last, ...(detail ? { detail } : {}), appliedTwice, startedAt, endedAt: Date.now() };
  };
  try {
    const createKey = randomUUID();
    const body = { locationId: c.locationId, requestedDeliveryDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), poNumber: plan.poNumber, lines: plan.lines };
    const created = await waitFor('create the order (ordering knows the agreement, products and location)', async () => {
      const reply = await c.requester.post<OrderView & { message?: string }>('/orders', body, createKey);
      if (reply.status === 201) return reply.body;
      if (reply.status === 422 && NOT_KNOWN_YET.test(String(reply.body.message))) return null;
      throw new HttpError('POST /orders', reply);
    });
    orderId = created.id;
    if (created.total !== plan.total) throw new Error(`order total ${created.total}, expected ${plan.total}`);

    step = 'submit';
    const submitted = await c.requester.post<OrderView>(`/orders/${orderId}/submit`, {}, randomUUID());
    // refused after an attempt that may have been applied: submitted if the order (its read model) leaves draft
    if (submitted.status !== 200 && !(submitted.ambiguous && (await within(STEP_DEADLINE_MS, async () => (await status()) !== 'draft')))) throw new HttpError('POST submit', submitted);

    for (let level = 1; level <= plan.levels; level++) {
      const approver = level === 1 ? c.approver : c.finance;
      const found = await waitFor(`approval step of level ${level} in the inbox`, async () => {
        const inbox = (await approver.get<InboxStep[]>('/approvals/inbox')).body;
        const item = inbox.find((s) => s.orderId === orderId && s.level === level);
        if (item) return item;
        // an approval whose answer was lost on the way: the step is decided already
        const now = await status();
        return now !== 'pending-approval' && now !== 'draft' ? ('decided' as const) : null;
      });
      if (found === 'decided') continue;
      step = `approve level ${level}`;
      const decided = await approver.post(`/approvals/${found.id}/approve`, { comment: `soak journey ${plan.no}` }, randomUUID());
      if (decided.status !== 200 && !(decided.status === 409 && decided.ambiguous)) throw new HttpError(`POST approve level ${level}`, decided);
    }

    const delivery = await waitFor('the delivery scheduled', async () => (await ops.get<DeliveryView[]>(`/deliveries?orderId=${orderId}`)).body[0]);
    step = 'dispatch';
    const dispatched = await ops.post(`/deliveries/${delivery.id}/dispatch`, { carrier: 'Soak Freight', trackingReference: plan.poNumber }, randomUUID());
    // 409 after an attempt that may have been applied: the delivery is dispatched already
    if (dispatched.status !== 200 && !(dispatched.ambiguous && dispatched.status === 409)) throw new HttpError('POST dispatch', dispatched);

    const cumulative = new Map<string, number>();
    for (const [k, receipt] of plan.receipts.entries()) {
      step = `receipt ${k + 1} of ${plan.receipts.length}`;
      for (const l of receipt.lines) cumulative.set(l.sku, (cumulative.get(l.sku) ?? 0) + l.quantityReceived);
      const reply = await c.receiver.post(`/deliveries/${delivery.id}/receipt`, { lines: receipt.lines }, randomUUID());
      if (reply.status !== 201 && !reply.ambiguous) throw new HttpError(`POST receipt ${k + 1}`, reply);
      if (reply.ambiguous) {
        // Was it applied once, not at all, or twice? The delivery's received quantities tell, once its
        // read model has caught up with the write (a 201 says applied; a refusal may follow an attempt
        // that was applied).
        const receivedOf = async () => (await ops.get<DeliveryView>(`/deliveries/${delivery.id}`)).body.received;
        const reached = (received: DeliveryView['received']) => [...cumulative].every(([sku, q]) => (received.find((r) => r.sku === sku)?.quantityReceived ?? 0) >= q);
        const received = await within(STEP_DEADLINE_MS, async () => {
          const now = await receivedOf();
          return reached(now) ? now : null;
        });
        if (!received) throw new HttpError(`POST receipt ${k + 1} (not applied)`, reply);
        const over = [...cumulative].filter(([sku, q]) => (received.find((r) => r.sku === sku)?.quantityReceived ?? 0) > q);
        if (over.length > 0) appliedTwice.push(`receipt ${k + 1} of order ${orderId}: received ${JSON.stringify(received)}`);
      }
    }

    await waitFor('the order invoiced', async () => (await status()) === 'invoiced');
    step = 'invoiced';
    return await finish('invoiced');
  } catch (error: unknown) {
    if (error instanceof Stuck) return finish('stuck');
    return finish('failed', error instanceof Error ? error.message : String(error));
  }
};
