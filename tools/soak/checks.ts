import pg from 'pg';
import { within } from './client.js';
import { expectedInvoiced, type JourneyResult } from './journey.js';
import type { Platform } from './setup.js';

/** One thing found wrong, in words a person can act on. */
export interface Finding {
  readonly check: string;
  readonly what: string;
}

export interface Findings {
  /** Orders per journey (from ordering's events): more than one is a create applied twice. */
  readonly duplicatedOrders: number;
  /** Orders not invoiced at the end, with their status. */
  readonly stuck: { orderId: string; po: string; status: string; step: string }[];
  /** Invoiced quantity short of what was received (less damage), per order and SKU. */
  readonly lostLines: number;
  /** Invoiced more than once, or receipts / steps applied twice. */
  readonly duplicatedLines: number;
  readonly invoices: number;
  readonly invoiceGaps: number;
  readonly trailsVerified: number;
  readonly trailFailures: number;
  readonly duplicateEvents: number;
  readonly readModelsCompared: number;
  readonly readModelDifferences: number;
  readonly list: Finding[];
}

const PARALLEL = 8;

const inParallel = async <I>(items: readonly I[], work: (item: I) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
};

export const query = async <R extends object>(url: string, sql: string, params: unknown[] = []): Promise<R[]> => {
  const client = new pg.Client({ connectionString: url, application_name: 'soak-checks' });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
};

/** Waits until no service appends or handles anything any more: every store's event count and inbox
 *  stable for three seconds (at most `timeoutMs`). */
export const settle = async (databaseUrl: (service: string) => string, services: readonly string[], timeoutMs: number): Promise<boolean> => {
  const fingerprint = async (): Promise<string> =>
    JSON.stringify(await Promise.all(services.map((s) =>
      query(databaseUrl(s), 'select (select count(*) from es_events) as events, (select count(*) from inbox_messages) as handled, (select count(*) from es_seals) as sealed'))));
  let last = '';
  let stableSince = Date.now();
  return (await within(timeoutMs, async () => {
    const now = await fingerprint();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
      return false;
    }
    return Date.now() - stableSince >= 3_000;
  })) === true;
};

interface InvoiceSummary { id: string; number: string | null; status: string }
interface InvoiceDetail { id: string; number: string | null; status: string; lines: { orderId: string; sku: string; quantity: number }[] }

/** The checks through the API and the event stores, while the run is still up. */
export const checkLive = async (
  run: string, platform: Platform, journeys: readonly JourneyResult[], databaseUrl: (service: string) => string,
): Promise<Omit<Findings, 'readModelsCompared' | 'readModelDifferences'>> => {
  const list: Finding[] = [];
  const found = (check: string, what: string): void => void list.push({ check, what });

  // Orders per journey, from ordering's own events (the truth the read models are built from).
  const drafted = await query<{ order_id: string; po: string }>(databaseUrl('ordering'),
    "select data->>'orderId' as order_id, data->>'poNumber' as po from es_events where event_type = 'OrderDrafted' and data->>'poNumber' like $1", [`SOAK-${run}-%`]);
  const ordersByPo = new Map<string, string[]>();
  for (const d of drafted) ordersByPo.set(d.po, [...(ordersByPo.get(d.po) ?? []), d.order_id]);
  let duplicatedOrders = 0;
  for (const j of journeys) {
    const orders = ordersByPo.get(j.plan.poNumber) ?? [];
    if (orders.length > 1) {
      duplicatedOrders += orders.length - 1;
      found('orders per journey', `journey ${j.plan.no} (${j.plan.poNumber}) left ${orders.length} orders: ${orders.join(', ')}`);
    }
    if (j.orderId && !orders.includes(j.orderId)) found('orders per journey', `journey ${j.plan.no}: order ${j.orderId} was answered 201 but has no OrderDrafted event`);
  }

  // Every order's final state, as its requester sees it.
  const stuck: Findings['stuck'] = [];
  const byOrder = new Map(journeys.filter((j) => j.orderId).map((j) => [j.orderId!, j]));
  await inParallel(journeys, async (j) => {
    if (!j.orderId) {
      stuck.push({ orderId: '-', po: j.plan.poNumber, status: 'not created', step: j.step });
      return;
    }
    const status = (await j.plan.customer.requester.get<{ status: string }>(`/orders/${j.orderId}`)).body.status;
    if (status !== 'invoiced') stuck.push({ orderId: j.orderId, po: j.plan.poNumber, status, step: `${j.outcome}: ${j.step}${j.detail ? ` (${j.detail})` : ''}` });
  });

  // Invoices: each order's received lines exactly once across invoices; numbers without gaps per year.
  const invoiced = new Map<string, Map<string, number>>();
  const invoicesOfOrder = new Map<string, Set<string>>();
  const numbers: string[] = [];
  let invoices = 0;
  for (const c of platform.customers) {
    const summaries = (await platform.supplierFinance.get<InvoiceSummary[]>(`/invoices?companyId=${c.id}`)).body;
    invoices += summaries.length;
    await inParallel(summaries, async (s) => {
      const detail = (await platform.supplierFinance.get<InvoiceDetail>(`/invoices/${s.id}`)).body;
      if (detail.status === 'blocked') found('invoices', `invoice ${detail.id} is blocked`);
      if (detail.number) numbers.push(detail.number);
      for (const line of detail.lines) {
        const skus = invoiced.get(line.orderId) ?? new Map<string, number>();
        skus.set(line.sku, (skus.get(line.sku) ?? 0) + line.quantity);
        invoiced.set(line.orderId, skus);
        invoicesOfOrder.set(line.orderId, new Set([...(invoicesOfOrder.get(line.orderId) ?? []), detail.id]));
      }
    });
  }
  let lostLines = 0;
  let duplicatedLines = 0;
  for (const j of journeys) {
    if (!j.orderId || j.outcome !== 'invoiced') continue;
    const got = invoiced.get(j.orderId) ?? new Map<string, number>();
    for (const [sku, quantity] of expectedInvoiced(j.plan)) {
      const billed = got.get(sku) ?? 0;
      if (billed < quantity) {
        lostLines++;
        found('invoice lines', `order ${j.orderId} ${sku}: received ${quantity} (less damage), invoiced ${billed}`);
      } else if (billed > quantity) {
        duplicatedLines++;
        found('invoice lines', `order ${j.orderId} ${sku}: received ${quantity} (less damage), invoiced ${billed}`);
      }
    }
    const count = invoicesOfOrder.get(j.orderId)?.size ?? 0;
    if (count > 1) {
      duplicatedLines++;
      found('invoice lines', `order ${j.orderId} is on ${count} invoices`);
    }
  }
  for (const orderId of invoiced.keys()) if (!byOrder.has(orderId)) found('invoice lines', `an invoice names order ${orderId}, which no journey placed`);
  for (const j of journeys) {
    for (const twice of j.appliedTwice) {
      duplicatedLines++;
      found('writes applied twice', twice);
    }
  }
  let invoiceGaps = 0;
  const byYear = new Map<string, number[]>();
  for (const n of numbers) {
    const m = /^INV-(\d{4})-(\d+)$/.exec(n);
    if (!m) {
      found('invoice numbers', `malformed invoice number ${n}`);
      continue;
    }
    byYear.set(m[1]!, [...(byYear.get(m[1]!) ?? []), Number(m[2])]);
  }
  for (const [year, seqs] of byYear) {
    const sorted = [...seqs].sort((a, b) => a - b);
    const expected = Array.from({ length: sorted.at(-1)! }, (_, i) => i + 1);
    const missing = expected.filter((s) => !sorted.includes(s));
    const twice = sorted.filter((s, i) => sorted[i - 1] === s);
    invoiceGaps += missing.length + twice.length;
    if (missing.length > 0) found('invoice numbers', `${year}: numbers missing: ${missing.slice(0, 20).join(', ')}`);
    if (twice.length > 0) found('invoice numbers', `${year}: numbers given twice: ${twice.slice(0, 20).join(', ')}`);
  }

  // Every trail verifies.
  let trailsVerified = 0;
  let trailFailures = 0;
  await inParallel(journeys.filter((j) => j.orderId), async (j) => {
    const reply = await j.plan.customer.requester.get<{ ok: boolean; firstBroken: unknown }>(`/orders/${j.orderId}/trail/verify`);
    if (reply.status === 200 && reply.body.ok) trailsVerified++;
    else {
      trailFailures++;
      found('trail verify', `order ${j.orderId}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
    }
  });

  const duplicateEvents = await duplicatesInEventStores(databaseUrl, found);
  return { duplicatedOrders, stuck, lostLines, duplicatedLines, invoices, invoiceGaps, trailsVerified, trailFailures, duplicateEvents, list };
};

/** Facts that must be recorded once per cause, looked up in every service's event store. Event ids are
 *  unique by constraint; these are the duplicates a redelivered message or a retried command could make. */
const DUPLICATE_QUERIES: readonly { service: string; what: string; sql: string }[] = [
  { service: 'ordering', what: 'trail steps recorded twice for one source event',
    sql: "select stream_id || ' ' || (data->'source'->>'eventId') || ' ' || (data->>'type') as key, count(*)::int as n from es_events where event_type = 'TrailStepRecorded' group by stream_id, data->'source'->>'eventId', data->>'type', data->'data'->>'level' having count(*) > 1" },
  { service: 'ordering', what: 'orders scheduled or invoiced twice in their trail',
    sql: "select stream_id || ' ' || (data->>'type') as key, count(*)::int as n from es_events where event_type = 'TrailStepRecorded' and data->>'type' in ('DeliveryScheduled', 'InvoiceIssued', 'DeliveryDispatched') group by stream_id, data->>'type' having count(*) > 1" },
  { service: 'ordering', what: 'an order approved twice in a round',
    sql: "select stream_id || ' round ' || (data->>'round') as key, count(*)::int as n from es_events where event_type = 'OrderApproved' group by stream_id, data->>'round' having count(*) > 1" },
  { service: 'ordering', what: 'an order progressed twice to one stage',
    sql: "select stream_id || ' ' || (data->>'stage') as key, count(*)::int as n from es_events where event_type = 'OrderProgressed' and data->>'stage' <> 'partially-received' group by stream_id, data->>'stage' having count(*) > 1" },
  { service: 'approvals', what: 'approval rounds opened twice',
    sql: "select (data->>'orderId') || ' round ' || (data->>'round') as key, count(*)::int as n from es_events where event_type = 'ApprovalRoundOpened' group by data->>'orderId', data->>'round' having count(*) > 1" },
  { service: 'delivery', what: 'an order scheduled twice',
    sql: "select data->>'orderId' as key, count(*)::int as n from es_events where event_type = 'DeliveryScheduled' group by data->>'orderId' having count(*) > 1" },
  { service: 'invoicing', what: 'an order on two issued invoices',
    sql: "select o.id as key, count(*)::int as n from es_events e cross join lateral jsonb_array_elements_text(e.data->'invoice'->'orderIds') o(id) where e.event_type in ('InvoiceIssued', 'InvoiceBlocked') group by o.id having count(*) > 1" },
  { service: 'invoicing', what: 'a receipt accrued twice',
    sql: "select data->>'receiptId' as key, count(*)::int as n from es_events where event_type = 'GoodsReceiptAccrued' group by data->>'receiptId' having count(*) > 1" },
  { service: 'invoicing', what: 'a receipt invoiced twice',
    sql: "select r.id as key, count(*)::int as n from es_events e cross join lateral jsonb_array_elements_text(e.data->'receiptIds') r(id) where e.event_type = 'ReceiptsInvoiced' group by r.id having count(*) > 1" },
  { service: 'invoicing', what: 'an invoice number claimed twice',
    sql: "select data->>'number' as key, count(*)::int as n from es_events where event_type = 'DocumentNumberClaimed' group by data->>'number' having count(*) > 1" },
];

const duplicatesInEventStores = async (databaseUrl: (service: string) => string, found: (check: string, what: string) => void): Promise<number> => {
  let total = 0;
  for (const q of DUPLICATE_QUERIES) {
    const rows = await query<{ key: string; n: number }>(databaseUrl(q.service), q.sql);
    total += rows.length;
    for (const r of rows.slice(0, 10)) found(`duplicate events (${q.service})`, `${q.what}: ${r.key} ×${r.n}`);
  }
  // Every receipt delivery recorded must have been accrued by invoicing, once (none lost on the way).
  const received = await query<{ id: string }>(databaseUrl('delivery'), "select data->>'receiptId' as id from es_events where event_type = 'GoodsReceived'");
  const accrued = new Set((await query<{ id: string }>(databaseUrl('invoicing'), "select data->>'receiptId' as id from es_events where event_type = 'GoodsReceiptAccrued'")).map((r) => r.id));
  const missing = received.filter((r) => !accrued.has(r.id));
  total += missing.length;
  for (const r of missing.slice(0, 10)) found('receipts not accrued', `receipt ${r.id} recorded by delivery, not accrued by invoicing after the run settled`);
  return total;
};

