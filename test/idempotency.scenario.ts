import { describe, expect, beforeAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ApiClient, draftWhenKnown, eventually, idempotencyKey, inviter, type Reply } from './api-client.js';
import type { SliceTarget } from './agreement-slice.scenario.js';
import { walk } from './journey.support.js';

/** A client that retries after a timeout (shared/API.md "Idempotency-Key"): for an order, a request for
 *  quote, a goods receipt and a payment, the same key and body answer the first response again and
 *  add nothing; another body is 422; no key behaves as before; of concurrent duplicates exactly one
 *  runs, the others get 409 until it answered. Run against the embedded and the distributed run. */
export const idempotencyScenario = (name: string, target: () => SliceTarget): void =>
  describe(`Idempotency-Key: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const sku = `IBOLT-${run}`;
    const step = walk();
    /** Generous, for a loaded machine: how long events may take to travel between services. */
    const TRAVEL_MS = 90_000;
    let sales: ApiClient;
    let ops: ApiClient;
    let finance: ApiClient;
    let rita: ApiClient;
    let rosa: ApiClient;
    let rex: ApiClient;
    let company: { id: string; locations: { id: string }[] };
    let deliveryId: string;
    const requestedDeliveryDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const order = (poNumber: string, quantity = 10) => ({ locationId: company.locations[0]!.id, requestedDeliveryDate, poNumber, lines: [{ sku, quantity }] });

    /** Sends `times` copies at once; exactly one may run: the others 409, or the replay if it answered first. */
    const concurrently = async (times: number, send: () => Promise<Reply<any>>, created: number): Promise<Reply<any>> => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const replies = await Promise.all(Array.from({ length: times }, send));
      const answered = replies.filter((r) => r.status === created);
      const conflicts = replies.filter((r) => r.status === 409);
      expect(answered.length + conflicts.length).toBe(times);
      expect(answered.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
      expect(new Set(answered.map((r) => JSON.stringify(r.body))).size).toBe(1);
      conflicts.forEach((c) => expect(c.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'IDEMPOTENCY.IN_PROGRESS', message: expect.stringContaining('Idempotency-Key') }));
      const again = await send();
      expect({ status: again.status, body: again.body, replayed: again.headers['idempotent-replayed'] }).toEqual({ status: created, body: answered[0]!.body, replayed: 'true' });
      return answered[0]!;
    };
    const expectReused = (reply: Reply<unknown>): void =>
      expect({ status: reply.status, body: reply.body }).toEqual({
        status: 422, body: { statusCode: 422, error: 'Unprocessable Entity', code: 'IDEMPOTENCY.KEY_REUSED', message: expect.stringContaining('Idempotency-Key') },
      });
    /** Counts once everything sent before is listed: a marker sent after it is listed too (read models
     *  apply events in commit order, and may lag behind a loaded database). */
    const afterMarker = async <T>(send: (marker: string) => Promise<Reply<unknown>>, list: () => Promise<T[]>, isMarker: (item: T, marker: string) => boolean): Promise<T[]> => {
      const marker = `mark-${randomUUID().slice(0, 8)}`;
      expect((await send(marker)).status).toBe(201);
      return eventually(async () => {
        const items = await list();
        return items.some((item) => isMarker(item, marker)) ? items : null;
      }, `the marker ${marker} in the list`, TRAVEL_MS);
    };
    const ordersWithPo = async (poNumber: string): Promise<number> =>
      (await afterMarker(
        (marker) => rita.post('/orders', order(marker)),
        async () => (await rita.get<{ items: { poNumber?: string }[] }>('/orders?limit=100')).body.items,
        (o, marker) => o.poNumber === marker,
      )).filter((o) => o.poNumber === poNumber).length;

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      const admin = await new ApiClient(baseUrl).login(adminEmail, adminPassword);
      const supplierId = (await new ApiClient(baseUrl).post('/auth/token', { email: adminEmail, password: adminPassword })).body.user.companyId as string;
      const invite = inviter(admin, run);
      [sales, ops, finance] = await Promise.all([invite(supplierId, 'isaac', ['sales']), invite(supplierId, 'ines', ['supplier-ops']), invite(supplierId, 'ivan', ['supplier-finance'])]);
      expect((await admin.request('POST', '/products/import', `sku,typeNumber,name,description,category,unit,listPrice,currency\n${sku},I-${run},Idem bolt,,fasteners,piece,2.00,EUR`, { 'content-type': 'text/csv' })).status).toBe(200);
      company = (await sales.post('/companies', { name: `Idem ${run}`, locations: [{ name: 'Main', address: '1 Main St' }] })).body;
      const paula = await invite(company.id, 'ipaula', ['procurement']);
      [rita, rosa, rex] = await Promise.all([invite(company.id, 'irita', ['requester']), invite(company.id, 'irosa', ['requester']), invite(company.id, 'irex', ['receiver'])]);
      const drafted = await draftWhenKnown(sales, {
        companyId: company.id, title: `Idem ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
        paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2, 3, 4, 5] },
        prices: [{ sku, unitPrice: '1.50' }], approvalPolicy: { levels: [] },
      });
      await sales.post(`/agreements/${drafted.body.id}/sign`);
      expect((await paula.post(`/agreements/${drafted.body.id}/sign`)).body).toMatchObject({ status: 'active' });
      // Without a key, as every client did before: retried until ordering knows the agreement (a kept
      // 422 "no agreement in force" would otherwise be replayed to the keyed requests below).
      await eventually(async () => (await rita.post('/orders', order(`PO-warm-${run}`))).status === 201, 'the agreement, product and location in ordering', TRAVEL_MS);
    });
    step('orders once for one key: the retry gets the first answer, marked as a replay; another body is 422', async () => {
      const key = randomUUID();
      const first = await rita.post('/orders', order(`PO-a-${run}`), idempotencyKey(key));
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await rita.post('/orders', order(`PO-a-${run}`), idempotencyKey(key));
      expect({ status: again.status, body: again.body, replayed: again.headers['idempotent-replayed'] }).toEqual({ status: 201, body: first.body, replayed: 'true' });
      expectReused(await rita.post('/orders', order(`PO-a-${run}`, 11), idempotencyKey(key)));
      expect(await ordersWithPo(`PO-a-${run}`)).toBe(1);
      // The key is the caller's: a colleague's request with the same key is her own.
      const hers = await rosa.post('/orders', order(`PO-a-${run}`), idempotencyKey(key));
      expect(hers.status).toBe(201);
      expect(hers.body.id).not.toBe(first.body.id);
    });
    step('orders twice without a key, as before', async () => {
      expect((await rita.post('/orders', order(`PO-b-${run}`))).status).toBe(201);
      expect((await rita.post('/orders', order(`PO-b-${run}`))).status).toBe(201);
      expect(await ordersWithPo(`PO-b-${run}`)).toBe(2);
    });
    step('orders once when duplicates arrive together', async () => {
      const key = randomUUID();
      await concurrently(6, () => rita.post('/orders', order(`PO-c-${run}`), idempotencyKey(key)), 201);
      expect(await ordersWithPo(`PO-c-${run}`)).toBe(1);
    });
    step('requests a quote once for one key, also when duplicates arrive together', async () => {
      const quotes = async () => {
        const ids: string[] = [];
        const items = await afterMarker(
          async (marker) => {
            const reply = await rita.post('/orders/quotes', { lines: [{ sku, quantity: 1 }], note: marker });
            ids.push(String((reply.body as { id: string }).id));
            return reply;
          },
          async () => (await rita.get<{ id: string }[]>('/orders/quotes')).body,
          (q) => q.id === ids[0],
        );
        return items.length - 1; // less the marker
      };
      const before = await quotes();
      const key = randomUUID();
      const body = { lines: [{ sku, quantity: 500 }], note: `site ${run}` };
      const first = await rita.post('/orders/quotes', body, idempotencyKey(key));
      expect(first.status).toBe(201);
      expect(await rita.post('/orders/quotes', body, idempotencyKey(key))).toMatchObject({ status: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
      expectReused(await rita.post('/orders/quotes', { ...body, note: 'another' }, idempotencyKey(key)));
      await concurrently(4, () => rita.post('/orders/quotes', body, idempotencyKey(`${key}-together`)), 201);
      expect(await quotes()).toBe(before + 1 + 2); // the first marker, the keyed request, the concurrent one
    });
    step('records a goods receipt once for one key; a refused receipt is answered the same again', async () => {
      const created = await rita.post('/orders', order(`PO-d-${run}`, 100));
      expect((await rita.post(`/orders/${created.body.id}/submit`, {}, idempotencyKey(randomUUID()))).body).toMatchObject({ status: 'approved' });
      deliveryId = (await eventually(async () => ((await ops.get<{ id: string }[]>(`/deliveries?orderId=${created.body.id}`)).body)[0], 'the scheduled delivery', TRAVEL_MS)).id;
      const dispatchKey = randomUUID();
      expect((await ops.post(`/deliveries/${deliveryId}/dispatch`, { carrier: 'DHL' }, idempotencyKey(dispatchKey))).status).toBe(200);
      expect((await ops.post(`/deliveries/${deliveryId}/dispatch`, { carrier: 'DHL' }, idempotencyKey(dispatchKey))).status).toBe(200);
      await eventually(async () => (await rex.get(`/deliveries/${deliveryId}`)).body.status === 'dispatched', 'the dispatched delivery', TRAVEL_MS);

      const key = randomUUID();
      const receipt = (quantityReceived: number, k = key) => rex.post(`/deliveries/${deliveryId}/receipt`, { lines: [{ sku, quantityReceived }] }, idempotencyKey(k));
      const first = await receipt(10);
      expect(first).toMatchObject({ status: 201, body: { receiptId: expect.any(String), deliveryClosed: false } });
      expect(await receipt(10)).toMatchObject({ status: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
      expectReused(await receipt(11));
      await concurrently(4, () => receipt(5, `${key}-together`), 201);
      const over = await receipt(1000, `${key}-over`);
      expect(over.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', code: expect.any(String) });
      expect(await receipt(1000, `${key}-over`)).toMatchObject({ status: 422, body: over.body, headers: { 'idempotent-replayed': 'true' } });
      // Every receipt answered before this point is in the delivery's stream: 10 + 5, not more.
      const received = await eventually(async () => {
        const lines = ((await rex.get(`/deliveries/${deliveryId}`)).body as { received: { sku: string; quantityReceived: number }[] }).received;
        return lines.length > 0 && lines[0]!.quantityReceived >= 15 ? lines : null;
      }, 'the receipts in the delivery', TRAVEL_MS);
      expect(received).toEqual([expect.objectContaining({ sku, quantityReceived: 15 })]);
    });
    step('records a payment once for one key, also when duplicates arrive together', async () => {
      expect((await rex.post(`/deliveries/${deliveryId}/receipt`, { lines: [{ sku, quantityReceived: 85 }] }, idempotencyKey(randomUUID()))).status).toBe(201);
      const invoice = await eventually(async () =>
        ((await finance.get<{ id: string; status: string }[]>(`/invoices?companyId=${company.id}`)).body).find((i) => i.status !== 'blocked'), 'the per-order invoice', TRAVEL_MS);
      const key = randomUUID();
      const paidAt = new Date().toISOString().slice(0, 10);
      const pay = (amount: string, k = key) => finance.post(`/invoices/${invoice.id}/payments`, { amount, paidAt }, idempotencyKey(k));
      const first = await pay('10.00');
      expect(first).toMatchObject({ status: 201, body: { paymentId: expect.any(String), amount: '10.00' } });
      expect(await pay('10.00')).toMatchObject({ status: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
      expectReused(await pay('11.00'));
      await concurrently(4, () => pay('5.00', `${key}-together`), 201);
      const paid = await eventually(async () => {
        const body = (await finance.get(`/invoices/${invoice.id}`)).body as { payments: unknown[] };
        return body.payments.length >= 2 ? body : null;
      }, 'the payments on the invoice', TRAVEL_MS);
      expect(paid).toMatchObject({ paidTotal: '15.00', payments: [expect.objectContaining({ amount: '10.00' }), expect.objectContaining({ amount: '5.00' })] });
    });
    step('refuses a malformed key with 400 naming the header, and creates nothing', async () => {
      const reply = await rita.post('/orders', order(`PO-e-${run}`), idempotencyKey('x'.repeat(256)));
      expect({ status: reply.status, body: reply.body }).toEqual({
        status: 400, body: { statusCode: 400, error: 'Bad Request', code: 'IDEMPOTENCY.KEY_INVALID', message: expect.stringContaining('Idempotency-Key') },
      });
      expect(await ordersWithPo(`PO-e-${run}`)).toBe(0);
    });
  });
