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

/** How long a journey looks for the effect of a write whose outcome it does not know (a fault during the
 *  request, or 409 IDEMPOTENCY.IN_PROGRESS: the key's first request never answered) before it sends the
 *  write again with a new key, as README tells clients to (check with a GET, then send a new key). */
const APPLIED_WINDOW_MS = 30_000;
const SENDS = 5;

/** 409 IDEMPOTENCY.IN_PROGRESS: an earlier request with this key has not answered (the process serving it
 *  may have died); whether it was carried out is unknown. */
const outcomeUnknown = (reply: { status: number; body: unknown }): boolean =>
  reply.status === 409 && (reply.body as { code?: unknown } | null)?.code === 'IDEMPOTENCY.IN_PROGRESS';

/** A write sent until it is answered as wanted (`ok`) or its effect is seen (`applied`) after an answer
 *  that leaves the outcome open; each send has a new Idempotency-Key (the client retries faults with the
 *  same key inside one send). */
const write = async <T>(what: string, send: (key: string) => Promise<{ status: number; body: T; ambiguous: boolean }>, ok: (status: number) => boolean, applied: () => Promise<boolean>): Promise<void> => {
  for (let sent = 1; ; sent++) {
    const reply = await send(randomUUID());
    if (ok(reply.status)) return;
    if (!reply.ambiguous && !outcomeUnknown(reply)) throw new HttpError(what, reply);
    if (await within(APPLIED_WINDOW_MS, applied)) return;
    if (sent >= SENDS) throw new HttpError(`${what} (not applied after ${SENDS} sends)`, reply);
  }
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
    let createKey = randomUUID();
    const body = { locationId: c.locationId, requestedDeliveryDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), poNumber: plan.poNumber, lines: plan.lines };
    // The journey's order, if an attempt whose outcome is unknown created it.
    const draftOfThisJourney = async (): Promise<OrderView | undefined> =>
      (await c.requester.get<{ items: (OrderView & { poNumber?: string })[] }>('/orders?status=draft&limit=200')).body.items.find((o) => o.poNumber === plan.poNumber);
    const created = await waitFor('create the order (ordering knows the agreement, products and location)', async () => {
      const reply = await c.requester.post<OrderView & { message?: string }>('/orders', body, createKey);
      if (reply.status === 201) return reply.body;
      if (reply.status === 422 && NOT_KNOWN_YET.test(String(reply.body.message))) {
        createKey = randomUUID(); // the refusal is kept with its key: the next try is a new request
        return null;
      }
      if (!outcomeUnknown(reply)) throw new HttpError('POST /orders', reply);
      const made = await within(APPLIED_WINDOW_MS, draftOfThisJourney);
      if (made) return made;
      createKey = randomUUID();
      return null;
    });
    orderId = created.id;
    if (created.total !== plan.total) throw new Error(`order total ${created.total}, expected ${plan.total}`);

    step = 'submit';
    // refused after an attempt that may have been applied: submitted if the order (its read model) leaves draft
    await write('POST submit', (key) => c.requester.post<OrderView>(`/orders/${orderId}/submit`, {}, key), (s) => s === 200, async () => (await status()) !== 'draft');

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
      const stepOpen = async (): Promise<boolean> => (await approver.get<InboxStep[]>('/approvals/inbox')).body.some((s) => s.id === found.id);
      await write(`POST approve level ${level}`, (key) => approver.post(`/approvals/${found.id}/approve`, { comment: `soak journey ${plan.no}` }, key), (s) => s === 200, async () => !(await stepOpen()));
    }

    const delivery = await waitFor('the delivery scheduled', async () => (await ops.get<DeliveryView[]>(`/deliveries?orderId=${orderId}`)).body[0]);
    step = 'dispatch';
    // 409 after an attempt that may have been applied: the delivery is dispatched already
    await write('POST dispatch', (key) => ops.post(`/deliveries/${delivery.id}/dispatch`, { carrier: 'Soak Freight', trackingReference: plan.poNumber }, key), (s) => s === 200,
      async () => (await ops.get<DeliveryView & { status: string }>(`/deliveries/${delivery.id}`)).body.status !== 'scheduled');

    const cumulative = new Map<string, number>();
    for (const [k, receipt] of plan.receipts.entries()) {
      step = `receipt ${k + 1} of ${plan.receipts.length}`;
      for (const l of receipt.lines) cumulative.set(l.sku, (cumulative.get(l.sku) ?? 0) + l.quantityReceived);
      // Was it applied once, not at all, or twice? The delivery's received quantities tell, once its read
      // model has caught up with the write (a 201 says applied; a refusal may follow an attempt that was).
      const receivedOf = async () => (await ops.get<DeliveryView>(`/deliveries/${delivery.id}`)).body.received;
      const reached = (received: DeliveryView['received']) => [...cumulative].every(([sku, q]) => (received.find((r) => r.sku === sku)?.quantityReceived ?? 0) >= q);
      await write(`POST receipt ${k + 1}`, (key) => c.receiver.post(`/deliveries/${delivery.id}/receipt`, { lines: receipt.lines }, key), (s) => s === 201, async () => reached(await receivedOf()));
      const received = await receivedOf();
      const over = [...cumulative].filter(([sku, q]) => (received.find((r) => r.sku === sku)?.quantityReceived ?? 0) > q);
      if (over.length > 0) appliedTwice.push(`receipt ${k + 1} of order ${orderId}: received ${JSON.stringify(received)}`);
    }

    await waitFor('the order invoiced', async () => (await status()) === 'invoiced');
    step = 'invoiced';
    return await finish('invoiced');
  } catch (error: unknown) {
    if (error instanceof Stuck) return finish('stuck');
    return finish('failed', error instanceof Error ? error.message : String(error));
  }
};
