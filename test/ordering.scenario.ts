import { describe, it, expect, beforeAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ApiClient, draftWhenKnown, eventually, inviter } from './api-client.js';
import type { SliceTarget } from './agreement-slice.scenario.js';

/** Ordering as a customer's requesters see it (shared/API.md "Ordering"): drafts priced on the
 *  agreement version in force, edits, quick order, reorder, budgets, submission, cancellation, and
 *  companies kept apart. Run against the embedded and the distributed run. */
export const orderingScenario = (name: string, target: () => SliceTarget): void =>
  describe(`ordering: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const [bolt, nut, drill] = ['OBOLT', 'ONUT', 'ODRILL'].map((s) => `${s}-${run}`) as [string, string, string];
    let anon: ApiClient;
    let admin: ApiClient;
    let sales: ApiClient;
    let rita: ApiClient; // requester of Hooli
    let carla: ApiClient; // company admin of Hooli
    let other: ApiClient; // requester of Pied Piper
    let hooli: { id: string; locations: { id: string }[] };
    let piper: { id: string; locations: { id: string }[] };
    let agreementId: string;
    const delivery = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      anon = new ApiClient(baseUrl);
      const me = await anon.post('/auth/token', { email: adminEmail, password: adminPassword });
      admin = anon.as(me.body.accessToken);
      const invite = inviter(admin, run);
      sales = await invite(me.body.user.companyId, 'sol', ['sales']);
      hooli = (await sales.post('/companies', { name: `Hooli ${run}`, locations: [{ name: 'Campus', address: '1 Hooli Way' }, { name: 'Depot', address: '2 Dock St' }] })).body;
      piper = (await sales.post('/companies', { name: `Pied Piper ${run}`, locations: [{ name: 'Garage', address: '5230 Newell Rd' }] })).body;
      const paul = await invite(hooli.id, 'paul', ['procurement']);
      rita = await invite(hooli.id, 'rita', ['requester']);
      carla = await invite(hooli.id, 'carla', ['company-admin']);
      other = await invite(piper.id, 'oscar', ['requester']);
      const csv = ['sku,typeNumber,name,description,category,unit,listPrice,currency',
        `${bolt},DIN 933 M10,Hex bolt M10,,fasteners,piece,1.50,EUR`, `${nut},DIN 934 M10,Hex nut M10,,fasteners,piece,0.20,EUR`, `${drill},HD-20V,Drill,,tools,piece,120.00,EUR`].join('\n');
      expect((await admin.request('POST', '/products/import', csv, { 'content-type': 'text/csv' })).status).toBe(200);
      const drafted = await draftWhenKnown(sales, {
          companyId: hooli.id, title: `Hooli frame ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
          paymentTerms: { netDays: 30, invoicing: 'monthly' }, deliveryTerms: { leadTimeDays: 2, deliveryWeekdays: [1, 2, 3, 4, 5] },
          prices: [{ sku: bolt, unitPrice: '1.20', tiers: [{ minQty: 1000, unitPrice: '1.00' }] }],
          assortment: { skus: [nut], categories: [] },
          approvalPolicy: { levels: [{ minTotal: '500', role: 'approver' }, { minTotal: '2000', role: 'finance' }] },
        });
      agreementId = drafted.body.id;
      await sales.post(`/agreements/${agreementId}/sign`);
      expect((await paul.post(`/agreements/${agreementId}/sign`)).body).toMatchObject({ status: 'active' });
    });
    /** Ordering learns agreements, products and locations from events: retry while they travel. */
    const order = (body: object, as = rita) =>
      eventually(async () => {
        const reply = await as.post('/orders', body);
        return reply.status === 422 && /no agreement in force|not a location|not in the catalog/.test(String(reply.body.message)) ? null : reply;
      }, 'the agreement, products and locations in ordering');

    it('drafts an order priced on the agreement version in force', async () => {
      const reply = await order({ locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, poNumber: 'PO-1', lines: [{ sku: bolt, quantity: 100 }, { sku: nut, quantity: 100 }] });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        id: expect.any(String), status: 'draft', total: '140.00', currency: 'EUR', agreementId, agreementVersion: 1, poNumber: 'PO-1',
        lines: [{ sku: bolt, quantity: 100, unitPrice: '1.20', lineTotal: '120.00', rule: 'contract' }, { sku: nut, quantity: 100, unitPrice: '0.20', lineTotal: '20.00', rule: 'list-price' }],
      });
    });

    it('refuses lines outside the assortment, naming them, and adds nothing', async () => {
      const reply = await order({ locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: bolt, quantity: 1 }, { sku: drill, quantity: 1 }] });
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ code: 'ORDER.LINES_NOT_ORDERABLE', details: [{ sku: drill, quantity: 1, reason: expect.stringContaining('assortment') }] });
    });

    it('edits lines while draft at the tier the new quantity reaches, then submits: levels by total', async () => {
      const created = (await order({ locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: bolt, quantity: 10 }] })).body;
      const edited = await rita.request('PUT', `/orders/${created.id}/lines`, { lines: [{ sku: bolt, quantity: 1000 }] });
      expect(edited.body).toMatchObject({ status: 'draft', total: '1000.00', lines: [{ unitPrice: '1.00', rule: 'contract-tier' }] });
      const submitted = await rita.post(`/orders/${created.id}/submit`);
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'pending-approval', round: 1 });
      expect((await rita.request('PUT', `/orders/${created.id}/lines`, { lines: [{ sku: bolt, quantity: 1 }] })).status).toBe(409);
      expect((await rita.post(`/orders/${created.id}/submit`)).status).toBe(409);
    });

    it('approves at once when no level applies', async () => {
      const created = (await order({ locationId: hooli.locations[1]!.id, requestedDeliveryDate: delivery, lines: [{ sku: nut, quantity: 10 }] })).body;
      expect((await rita.post(`/orders/${created.id}/submit`)).body).toMatchObject({ status: 'approved', total: '2.00' });
    });

    it('takes a quick order: every bad line named, nothing added; then all of it', async () => {
      const base = { locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery };
      const bad = await rita.post('/orders/quick', { ...base, text: `${bolt} 10\n${nut} ten\nnonsense` });
      expect(bad.status).toBe(422);
      expect(bad.body.details).toEqual([
        { line: 2, text: `${nut} ten`, message: expect.any(String) },
        { line: 3, text: 'nonsense', message: expect.any(String) },
      ]);
      const good = await rita.post('/orders/quick', { ...base, text: `${bolt} 10\n${nut}\t5\n${bolt} 5` });
      expect(good.status).toBe(201);
      expect(good.body.lines).toEqual([expect.objectContaining({ sku: bolt, quantity: 15 }), expect.objectContaining({ sku: nut, quantity: 5 })]);
    });

    it('reorders a past order at current prices', async () => {
      const past = (await order({ locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: bolt, quantity: 3 }] })).body;
      const again = await rita.post(`/orders/${past.id}/reorder`, { requestedDeliveryDate: delivery });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ status: 'draft', lines: [{ sku: bolt, quantity: 3, unitPrice: '1.20' }], skipped: [] });
      expect(again.body.id).not.toBe(past.id);
    });

    it('reserves the cost center budget on submit and says when it is exceeded; cancel releases it', async () => {
      const period = new Date().toISOString().slice(0, 7);
      const set = await carla.request('PUT', '/orders/budgets', { costCenter: 'CC-1', period, limit: '100.00' });
      expect(set.body).toEqual({ costCenter: 'CC-1', period, limit: '100.00' });
      expect((await rita.request('PUT', '/orders/budgets', { costCenter: 'CC-1', period, limit: '1.00' })).status).toBe(403);
      const first = (await order({ locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, costCenter: 'CC-1', lines: [{ sku: nut, quantity: 400 }] })).body;
      expect((await rita.post(`/orders/${first.id}/submit`)).body).toMatchObject({ status: 'approved', total: '80.00' });
      const second = (await order({ locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, costCenter: 'CC-1', lines: [{ sku: bolt, quantity: 500 }] })).body;
      expect((await rita.post(`/orders/${second.id}/submit`)).body).toMatchObject({ status: 'pending-approval', total: '600.00' });
      expect((await carla.get(`/orders/budgets?costCenter=CC-1&period=${period}`)).body).toEqual({ costCenter: 'CC-1', period, limit: '100.00', reserved: '600.00', committed: '80.00', remaining: '-580.00' });
      const listed = await eventually(async () => {
        const reply = await rita.get('/orders?status=pending-approval');
        return (reply.body.items as { id: string }[]).some((o) => o.id === second.id) ? reply.body : null;
      }, 'the submitted order in the list');
      expect(listed.items.every((o: { companyId: string }) => o.companyId === hooli.id)).toBe(true);
      const cancelled = await carla.post(`/orders/${second.id}/cancel`, { reason: 'budget' });
      expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      expect((await carla.get(`/orders/budgets?costCenter=CC-1&period=${period}`)).body).toMatchObject({ reserved: '0.00', remaining: '20.00' });
      expect((await carla.post(`/orders/${second.id}/cancel`, { reason: 'again' })).status).toBe(409);
    });

    it('asks for a quote off the agreement, gets one from sales, a better one supersedes it, and accepts it into an order', async () => {
      const asked = await rita.post('/orders/quotes', { lines: [{ sku: drill, quantity: 20 }], note: 'site fit-out' });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ id: expect.any(String), status: 'requested', lines: [{ sku: drill, quantity: 20 }], quotes: [] });
      const id = asked.body.id as string;
      const open = await eventually(async () => ((await sales.get('/orders/quotes?status=requested')).body as { id: string }[]).find((q) => q.id === id), 'the request in sales\' list');
      expect(open).toMatchObject({ companyId: hooli.id, status: 'requested' });
      const validUntil = new Date(Date.now() + 7 * 86_400_000).toISOString();
      expect((await rita.post(`/orders/quotes/${id}/answer`, { prices: [{ sku: drill, unitPrice: '99.00' }], currency: 'EUR', validUntil })).status).toBe(403);
      expect((await sales.post(`/orders/quotes/${id}/answer`, { prices: [{ sku: drill, unitPrice: '105.00' }], currency: 'EUR', validUntil })).body).toMatchObject({ status: 'quoted', quotes: [{ quoteNo: 1, total: '2100.00' }] });
      const second = await sales.post(`/orders/quotes/${id}/answer`, { prices: [{ sku: drill, unitPrice: '99.50' }], currency: 'EUR', validUntil });
      expect(second.body.quotes).toEqual([expect.objectContaining({ quoteNo: 1, total: '2100.00' }), expect.objectContaining({ quoteNo: 2, total: '1990.00' })]);
      const header = { locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery };
      expect((await rita.post(`/orders/quotes/${id}/accept`, { ...header, quoteNo: 1 })).status).toBe(409);
      expect((await other.post(`/orders/quotes/${id}/accept`, { ...header, quoteNo: 2 })).status).toBe(404);
      const accepted = await rita.post(`/orders/quotes/${id}/accept`, { ...header, quoteNo: 2 });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ status: 'draft', total: '1990.00', agreementId, lines: [{ sku: drill, quantity: 20, unitPrice: '99.50', rule: 'quote', quoteNo: 2 }] });
      expect((await rita.post(`/orders/quotes/${id}/accept`, { ...header, quoteNo: 2 })).status).toBe(409);
      expect((await rita.get(`/orders/quotes/${id}`)).body).toMatchObject({ status: 'accepted', orderId: accepted.body.id });
    });

    it('keeps saved order lists per user and orders from them, reporting lines no longer orderable', async () => {
      const saved = await rita.post('/orders/lists', { name: 'Weekly', lines: [{ sku: bolt, quantity: 50 }, { sku: drill, quantity: 1 }] });
      expect(saved.status).toBe(201);
      expect((await rita.get('/orders/lists')).body).toEqual([{ id: saved.body.id, name: 'Weekly', lines: [{ sku: bolt, quantity: 50 }, { sku: drill, quantity: 1 }] }]);
      const rob = await anon.login(`rob-${run}@example.com`, 'secret-password').catch(async () => {
        await admin.post(`/companies/${hooli.id}/users`, { email: `rob-${run}@example.com`, name: 'rob', roles: ['requester'], password: 'secret-password' });
        return anon.login(`rob-${run}@example.com`, 'secret-password');
      });
      expect((await rob.get('/orders/lists')).body).toEqual([]);
      expect((await rob.post(`/orders/lists/${saved.body.id}/order`, { locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery })).status).toBe(404);
      const ordered = await rita.post(`/orders/lists/${saved.body.id}/order`, { locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery });
      expect(ordered.status).toBe(201);
      expect(ordered.body).toMatchObject({ status: 'draft', total: '60.00', lines: [{ sku: bolt, quantity: 50 }], skipped: [{ sku: drill, reason: expect.stringContaining('assortment') }] });
      expect((await rita.request('DELETE', `/orders/lists/${saved.body.id}`)).status).toBe(204);
      expect((await rita.get('/orders/lists')).body).toEqual([]);
    });

    it("keeps companies apart: another company's order is not found", async () => {
      const mine = (await order({ locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: nut, quantity: 1 }] })).body;
      expect((await other.get(`/orders/${mine.id}`)).status).toBe(404);
      expect((await other.post(`/orders/${mine.id}/submit`)).status).toBe(404);
      expect((await other.post(`/orders/${mine.id}/reorder`, { requestedDeliveryDate: delivery })).status).toBe(404);
      expect((await other.get('/orders')).body.items.some((o: { id: string }) => o.id === mine.id)).toBe(false);
      const foreignLocation = await rita.post('/orders', { locationId: piper.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: nut, quantity: 1 }] });
      expect(foreignLocation.status).toBe(422);
      expect((await other.post('/orders', { locationId: piper.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: nut, quantity: 1 }] })).body.code).toBe('ORDER.NO_AGREEMENT_IN_FORCE');
    });

    it('refuses bad order input with 400 naming the field, and non-requesters with 403', async () => {
      const bad = await rita.post('/orders', { locationId: hooli.locations[0]!.id, requestedDeliveryDate: '01.12.2026', lines: [{ sku: bolt, quantity: 1 }] });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('requestedDeliveryDate');
      expect((await rita.post('/orders', { locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: bolt, quantity: 0 }] })).body.message).toContain('quantity');
      expect((await rita.post('/orders', { locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, lines: [] })).status).toBe(400);
      const past = await rita.post('/orders', { locationId: hooli.locations[0]!.id, requestedDeliveryDate: '2026-01-02', lines: [{ sku: bolt, quantity: 1 }] });
      expect(past.status).toBe(422);
      expect((await carla.post('/orders', { locationId: hooli.locations[0]!.id, requestedDeliveryDate: delivery, lines: [{ sku: bolt, quantity: 1 }] })).status).toBe(403);
      expect((await rita.get('/orders/not-a-uuid')).status).toBe(400);
    });
  });
