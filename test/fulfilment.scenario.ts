import { describe, it, expect, beforeAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ApiClient, draftWhenKnown, eventually, inviter } from './api-client.js';
import type { SliceTarget } from './agreement-slice.scenario.js';

interface Delivery { id: string; orderId: string; promisedDate: string; status: string }
interface InvoiceSummary { id: string; number: string; companyId: string; period?: string; total: string; currency: string; status: string }

/** From an approved order to an issued invoice, as the people involved see it (shared/API.md
 *  "Delivery", "Invoicing"): a scheduled delivery with its promised date, dispatch by supplier ops, a
 *  partial receipt with damaged goods and then the rest, the per-order invoice of the undamaged
 *  quantity with its UBL, the order following along; a monthly close. Over Kafka in the distributed run. */
export const fulfilmentScenario = (name: string, target: () => SliceTarget): void =>
  describe(`fulfilment: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const sku = `FBOLT-${run}`;
    let anon: ApiClient;
    let admin: ApiClient;
    let sales: ApiClient;
    let ops: ApiClient;
    let finance: ApiClient;
    const customers: Record<'perOrder' | 'monthly', { id: string; locationId: string; rita: ApiClient; rex: ApiClient }> = {} as never;
    let stranger: ApiClient;
    const delivery = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const period = new Date().toISOString().slice(0, 7);

    const invite = (companyId: string, who: string, roles: string[]): Promise<ApiClient> => inviter(admin, run)(companyId, who, roles);

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      anon = new ApiClient(baseUrl);
      const me = await anon.post('/auth/token', { email: adminEmail, password: adminPassword });
      admin = anon.as(me.body.accessToken);
      const supplierId = me.body.user.companyId as string;
      sales = await invite(supplierId, 'sven', ['sales']);
      ops = await invite(supplierId, 'olga', ['supplier-ops']);
      finance = await invite(supplierId, 'fiona', ['supplier-finance']);
      expect((await admin.request('POST', '/products/import', `sku,typeNumber,name,description,category,unit,listPrice,currency\n${sku},F-${run},Flange bolt,,fasteners,piece,2.00,EUR`, { 'content-type': 'text/csv' })).status).toBe(200);
      for (const kind of ['perOrder', 'monthly'] as const) {
        const company = (await sales.post('/companies', { name: `${kind} ${run}`, locations: [{ name: 'Main', address: '1 Main St' }] })).body;
        const paula = await invite(company.id, `paula-${kind}`, ['procurement']);
        const rita = await invite(company.id, `rita-${kind}`, ['requester']);
        const rex = await invite(company.id, `rex-${kind}`, ['receiver']);
        const drafted = await draftWhenKnown(sales, {
            companyId: company.id, title: `${kind} ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
            paymentTerms: { netDays: 30, invoicing: kind === 'perOrder' ? 'per-order' : 'monthly' }, deliveryTerms: { leadTimeDays: 2, deliveryWeekdays: [1, 2, 3, 4, 5] },
            prices: [{ sku, unitPrice: '1.50' }], approvalPolicy: { levels: [] },
          });
        await sales.post(`/agreements/${drafted.body.id}/sign`);
        expect((await paula.post(`/agreements/${drafted.body.id}/sign`)).body).toMatchObject({ status: 'active' });
        customers[kind] = { id: company.id, locationId: company.locations[0].id, rita, rex };
      }
      const elsewhere = (await sales.post('/companies', { name: `Elsewhere ${run}`, locations: [{ name: 'X', address: 'Y' }] })).body;
      stranger = await invite(elsewhere.id, 'sid', ['receiver', 'finance']);
    });
    const approvedOrder = async (kind: 'perOrder' | 'monthly', quantity: number): Promise<string> => {
      const { rita, locationId } = customers[kind];
      const created = await eventually(async () => {
        const reply = await rita.post('/orders', { locationId, requestedDeliveryDate: delivery, poNumber: `PO-${run}`, lines: [{ sku, quantity }] });
        return reply.status === 201 ? reply : null;
      }, 'the agreement, product and location in ordering');
      expect((await rita.post(`/orders/${created.body.id}/submit`)).body).toMatchObject({ status: 'approved' });
      return created.body.id as string;
    };
    const deliveryOf = (orderId: string, as: ApiClient) =>
      eventually(async () => ((await as.get(`/deliveries?orderId=${orderId}`)).body as Delivery[])[0], 'the scheduled delivery');
    const orderStatus = (kind: 'perOrder' | 'monthly', orderId: string, status: string) =>
      eventually(async () => (await customers[kind].rita.get(`/orders/${orderId}`)).body.status === status, `order status ${status}`);

    it('schedules, dispatches, receives in part with damage, then the rest; invoices the undamaged quantity', async () => {
      const { rex } = customers.perOrder;
      const orderId = await approvedOrder('perOrder', 100);
      const scheduled = await deliveryOf(orderId, ops);
      expect(scheduled).toMatchObject({ orderId, status: 'scheduled' });
      expect(scheduled.promisedDate >= delivery).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(((new Date(`${scheduled.promisedDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1);
      await orderStatus('perOrder', orderId, 'scheduled');

      expect((await rex.post(`/deliveries/${scheduled.id}/dispatch`, {})).status).toBe(403);
      expect((await ops.post(`/deliveries/${scheduled.id}/dispatch`, { carrier: 'DHL', trackingReference: `JD-${run}` })).status).toBe(200);
      await orderStatus('perOrder', orderId, 'dispatched');

      expect((await rex.post(`/deliveries/${scheduled.id}/receipt`, { lines: [{ sku, quantityReceived: 60, quantityDamaged: 5 }] })).status).toBe(201);
      await orderStatus('perOrder', orderId, 'partially-received');
      const over = await rex.post(`/deliveries/${scheduled.id}/receipt`, { lines: [{ sku, quantityReceived: 41 }] });
      expect(over.status).toBe(422);
      expect((await stranger.post(`/deliveries/${scheduled.id}/receipt`, { lines: [{ sku, quantityReceived: 1 }] })).status).toBe(404);
      expect((await rex.post(`/deliveries/${scheduled.id}/receipt`, { lines: [{ sku, quantityReceived: 40 }] })).status).toBe(201);

      const invoice = await eventually(async () =>
        ((await finance.get(`/invoices?companyId=${customers.perOrder.id}`)).body as InvoiceSummary[]).find((i) => i.status !== 'blocked'), 'the per-order invoice');
      const detail = (await customers.perOrder.rita.get(`/invoices/${invoice.id}`)).body;
      expect(detail).toMatchObject({ id: invoice.id, companyId: customers.perOrder.id, currency: 'EUR', lines: [expect.objectContaining({ orderId, sku, quantity: 95, unitPrice: '1.50', lineTotal: '142.50' })] });
      expect((await stranger.get(`/invoices/${invoice.id}`)).status).toBe(404);
      const ubl = await finance.request('GET', `/invoices/${invoice.id}/ubl`);
      expect(ubl.status).toBe(200);
      expect(String(ubl.body)).toContain('urn:fdc:peppol.eu:2017:poacc:billing:3.0');
      expect(String(ubl.body)).toContain(invoice.number);
      await orderStatus('perOrder', orderId, 'invoiced');

      const trail = await eventually(async () => {
        const reply = await customers.perOrder.rita.get(`/orders/${orderId}/trail`);
        return (reply.body as { type: string }[]).some((e) => e.type === 'InvoiceIssued') ? reply.body as { at: string; service: string; type: string; actor: { role: string } | null }[] : null;
      }, 'the invoice in the trail');
      expect(trail.map((e) => e.type)).toEqual(expect.arrayContaining(['AgreementActivated', 'OrderDrafted', 'OrderSubmitted', 'OrderApproved', 'DeliveryScheduled', 'DeliveryDispatched', 'GoodsReceived', 'InvoiceIssued']));
      expect(trail[0]).toMatchObject({ service: 'agreements', type: 'AgreementActivated', actor: { role: 'procurement' } });
      expect(trail.filter((e) => e.service !== 'ordering').at(-1)).toMatchObject({ service: 'invoicing' });
      expect([...trail].sort((a, b) => a.at.localeCompare(b.at)).map((e) => e.at)).toEqual(trail.map((e) => e.at));
      expect(trail.find((e) => e.type === 'DeliveryDispatched')).toMatchObject({ actor: { role: 'supplier-ops' }, data: { carrier: 'DHL' } });
      expect((await stranger.get(`/orders/${orderId}/trail`)).status).toBe(404);

      const verified = await eventually(async () => {
        const body = (await customers.perOrder.rita.get(`/orders/${orderId}/trail/verify`)).body as { ok: boolean; unsealed: number };
        return body.ok && body.unsealed === 0 ? body : null;
      }, 'the trail sealed');
      expect(verified).toMatchObject({ orderId, ok: true, firstBroken: null, entries: expect.any(Number) });
      expect((await stranger.get(`/orders/${orderId}/trail/verify`)).status).toBe(404);

      const terms = (await customers.perOrder.rita.get(`/orders/${orderId}/terms`)).body as { priced: { version: number; terms: { prices: { sku: string }[] } }; approvals: { sameAsPriced: boolean; version: number }[] };
      expect(terms.priced).toMatchObject({ version: 1, terms: { prices: [expect.objectContaining({ sku })] } });
      expect(terms.approvals.every((a) => a.sameAsPriced && a.version === 1)).toBe(true);
      expect((await stranger.get(`/orders/${orderId}/terms`)).status).toBe(404);

      const databaseUrl = target().databaseUrl;
      if (databaseUrl) {
        // Someone with database access changes the carrier of the dispatch step: the check names that step.
        const step = trail.find((e) => e.type === 'DeliveryDispatched') as unknown as { record: { stream: string; version: string; hash: string } };
        const sql = new pg.Client({ connectionString: databaseUrl('ordering') });
        await sql.connect();
        try {
          const alter = (carrier: string) => sql.query(`update es_events set data = jsonb_set(data, '{data,carrier}', to_jsonb($3::text)) where stream_id = $1 and stream_version = $2`, [step.record.stream, step.record.version, carrier]);
          await alter('UPS');
          const tampered = (await customers.perOrder.rita.get(`/orders/${orderId}/trail/verify`)).body;
          expect(tampered).toMatchObject({ ok: false, firstBroken: { problem: 'hash-mismatch', stream: step.record.stream, version: step.record.version, found: step.record.hash } });
          await alter('DHL');
          expect((await customers.perOrder.rita.get(`/orders/${orderId}/trail/verify`)).body).toMatchObject({ ok: true });
        } finally {
          await sql.end();
        }
      }
    });
    it('cancels the delivery of a cancelled order, refuses to reschedule a dispatched one', async () => {
      const { rita, rex } = customers.perOrder;
      const cancelledId = await approvedOrder('perOrder', 3);
      const toCancel = await deliveryOf(cancelledId, ops);
      await orderStatus('perOrder', cancelledId, 'scheduled');
      expect((await rita.post(`/orders/${cancelledId}/cancel`, { reason: 'project stopped' })).status).toBe(200);
      const cancelled = await eventually(async () => {
        const d = (await ops.get(`/deliveries/${toCancel.id}`)).body as Delivery;
        return d.status === 'cancelled' ? d : null;
      }, 'the delivery cancelled with its order');
      expect(cancelled).toMatchObject({ orderId: cancelledId, status: 'cancelled' });
      for (const [path, body] of [['dispatch', {}], ['reschedule', { promisedDate: '2030-01-07', reason: 'x' }]] as const) {
        const refused = await ops.post(`/deliveries/${toCancel.id}/${path}`, body);
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 409, code: 'DELIVERY.CANCELLED' });
      }
      expect((await rex.post(`/deliveries/${toCancel.id}/receipt`, { lines: [{ sku, quantityReceived: 1 }] })).body).toMatchObject({ statusCode: 409, code: 'DELIVERY.CANCELLED' });
      expect((await ops.get(`/deliveries?orderId=${cancelledId}&status=cancelled`)).body).toHaveLength(1);

      const dispatchedId = await approvedOrder('perOrder', 4);
      const leaving = await deliveryOf(dispatchedId, ops);
      expect((await ops.post(`/deliveries/${leaving.id}/dispatch`, {})).status).toBe(200);
      const late = await ops.post(`/deliveries/${leaving.id}/reschedule`, { promisedDate: '2030-01-07', reason: 'carrier delay' });
      expect(late.body).toMatchObject({ statusCode: 409, code: 'DELIVERY.ALREADY_DISPATCHED' });
    });
    it('accrues monthly agreements until the month is closed, and refuses to close a month not yet over', async () => {
      const { rex } = customers.monthly;
      const orderIds = [await approvedOrder('monthly', 10), await approvedOrder('monthly', 20)];
      for (const orderId of orderIds) {
        const d = await deliveryOf(orderId, ops);
        expect((await ops.post(`/deliveries/${d.id}/dispatch`, {})).status).toBe(200);
        await eventually(async () => (await rex.post(`/deliveries/${d.id}/receipt`, { lines: [{ sku, quantityReceived: orderId === orderIds[0] ? 10 : 20 }] })).status === 201, 'the receipt');
        await orderStatus('monthly', orderId, 'received');
      }
      expect((await customers.monthly.rita.post('/invoicing/close', { period })).status).toBe(403);
      // The consolidated close itself (two agreements, closing twice, late receipts) runs on an injected
      // clock in libs/invoicing/service/src/invoicing.int-spec.ts; here the month is still running.
      const early = await finance.post('/invoicing/close', { period });
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'PERIOD.NOT_ENDED', message: expect.stringContaining(period) });
      expect((await finance.get(`/invoices?companyId=${customers.monthly.id}`)).body).toEqual([]);
      expect((await finance.post('/invoicing/close', { period: '2026-13' })).status).toBe(400);
    });
  });
