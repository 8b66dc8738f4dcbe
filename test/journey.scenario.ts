import { describe, expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ApiClient, draftWhenKnown, eventually } from './api-client.js';
import type { SliceTarget } from './agreement-slice.scenario.js';
import {
  addDays, expectBadRequest, expectInvoiceSums, expectNotFound, inviteWithId, search, promisedDateOf, today, waitForOrderStatus, walk, type Delivery, type InboxStep, type Person, type TrailEntry,
} from './journey.support.js';
import { checkWellFormedXml } from './well-formed-xml.js';

/** The whole journey of shared/API.md as one continuous walk by fresh people, the way clients would do
 *  it: the bootstrap admin, supplier staff, two customer companies and their users, products, an
 *  agreement with tiers and two approval levels signed by both sides, search, an order approved on two
 *  levels by two people, delivery, dispatch, a partial receipt with damage and then the rest, the monthly
 *  close refused for the running month, the per-order invoice with its UBL, and the decision trail.
 *  Company B's user finds none of A's; bad input is refused naming the field. */
export const journeyScenario = (name: string, target: () => SliceTarget): void =>
  describe(`journey: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const [bolt, nut, drill] = ['JBOLT', 'JNUT', 'JDRILL'].map((s) => `${s}-${run}`) as [string, string, string];
    const year = new Date().getUTCFullYear();
    const started = today();
    const requested = addDays(started, 2);
    const companyName = `Müller & Söhne <${run}>`; // the UBL and the HTML must escape it
    const people = {} as Record<'sales' | 'ops' | 'finance' | 'paula' | 'rita' | 'adam' | 'fay' | 'rex' | 'bea' | 'bob', Person>;
    let anon: ApiClient;
    let admin: ApiClient;
    let supplierId: string;
    let a: { id: string; locations: { id: string }[] };
    let b: { id: string };
    let agreementId: string;
    let orderId: string;
    let delivery: Delivery;
    let invoice: { id: string; number: string; total: string };
    let trail: TrailEntry[];

    const step = walk();
    const invite = (by: ApiClient, companyId: string, who: string, roles: string[]): Promise<Person> => inviteWithId(by, run)(companyId, who, roles);
    const rita = (): ApiClient => people.rita.client;
    const bob = (): ApiClient => people.bob.client;
    const orderStatus = (status: string, atLeast = false) => waitForOrderStatus(rita(), orderId, status, atLeast);
    const inbox = async (who: ApiClient): Promise<InboxStep | undefined> => ((await who.get('/approvals/inbox')).body as InboxStep[]).find((s) => s.orderId === orderId);

    step('the bootstrap admin signs in and invites supplier staff: sales, operations, finance', async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      anon = new ApiClient(baseUrl);
      expect((await anon.get('/health')).body).toEqual({ status: 'ok' });
      const me = await anon.post('/auth/token', { email: adminEmail, password: adminPassword });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ accessToken: expect.any(String), user: { id: expect.any(String), companyId: expect.any(String), roles: expect.arrayContaining(['supplier-admin']) } });
      admin = anon.as(me.body.accessToken);
      supplierId = me.body.user.companyId;
      people.sales = await invite(admin, supplierId, 'sven', ['sales']);
      people.ops = await invite(admin, supplierId, 'olga', ['supplier-ops']);
      people.finance = await invite(admin, supplierId, 'fiona', ['supplier-finance']);
      expect((await people.sales.client.post(`/companies/${supplierId}/users`, { email: `x-${run}@example.com`, name: 'x', roles: ['sales'], password: 'secret-password' })).status).toBe(403);
    });

    step("sales registers two customer companies with locations; A's admin and the supplier admin invite their users", async () => {
      const locations = [{ name: 'Werk Nord', address: 'Hafenstraße 1, 20457 Hamburg' }, { name: 'Lager Süd', address: 'Industriering 7, 80331 München' }];
      const created = await people.sales.client.post('/companies', { name: companyName, locations });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.any(String), name: companyName, locations: locations.map((l) => ({ id: expect.any(String), ...l })) });
      a = created.body;
      b = (await people.sales.client.post('/companies', { name: `Globex ${run}`, locations: [{ name: 'HQ', address: '1 Globex Way' }] })).body;
      const carla = await invite(admin, a.id, 'carla', ['company-admin']);
      people.paula = await invite(carla.client, a.id, 'paula', ['procurement']);
      people.rita = await invite(carla.client, a.id, 'rita', ['requester']);
      people.adam = await invite(carla.client, a.id, 'adam', ['approver']);
      people.fay = await invite(carla.client, a.id, 'fay', ['finance']);
      people.rex = await invite(carla.client, a.id, 'rex', ['receiver']);
      people.bea = await invite(admin, b.id, 'bea', ['procurement']);
      people.bob = await invite(admin, b.id, 'bob', ['requester', 'approver', 'receiver', 'finance']);
      expect((await carla.client.post(`/companies/${b.id}/users`, { email: `y-${run}@example.com`, name: 'y', roles: ['requester'], password: 'secret-password' })).status).toBe(404);
      await expectNotFound(bob(), [`/companies/${a.id}`]);
    });

    step('the supplier admin lists products', async () => {
      for (const [sku, typeNumber, productName, listPrice] of [[bolt, 'DIN 933 M12-60', 'Hex bolt M12x60', '1.40'], [nut, 'DIN 934 M12', 'Hex nut M12', '0.35'], [drill, 'HD-18V-J', 'Cordless drill 18V', '89.00']] as const) {
        const listed = await admin.post('/products', { sku, typeNumber, name: productName, description: `${productName}, zinc plated`, category: 'fasteners', unit: 'piece', listPrice, currency: 'EUR' });
        expect(listed.status).toBe(201);
      }
      expect((await admin.get(`/products/${bolt}`)).body).toMatchObject({ sku: bolt, typeNumber: 'DIN 933 M12-60', listPrice: '1.40', currency: 'EUR', active: true });
      expect((await people.sales.client.post('/products', { sku: `X-${run}`, typeNumber: 'X', name: 'X', description: '', category: 'x', unit: 'piece', listPrice: '1', currency: 'EUR' })).status).toBe(403);
    });

    step("sales drafts A's agreement with tiers and two approval levels; sales and A's procurement sign it", async () => {
      const sales = people.sales.client;
      const terms = { currency: 'EUR', validFrom: `${year}-01-01`, validTo: `${year + 4}-12-31` };
      const drafted = await draftWhenKnown(sales, {
        ...terms, companyId: a.id, title: `Frame agreement ${run}`,
        paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 5, deliveryWeekdays: [2, 4] },
        prices: [{ sku: bolt, unitPrice: '1.20', tiers: [{ minQty: 1000, unitPrice: '1.05' }, { minQty: 2000, unitPrice: '0.95' }] }, { sku: nut, unitPrice: '0.30' }],
        approvalPolicy: { levels: [{ minTotal: '500', role: 'approver' }, { minTotal: '2000', role: 'finance' }] },
      });
      expect(drafted.status).toBe(201);
      expect(drafted.body).toEqual({ id: expect.any(String), version: 1, status: 'draft' });
      agreementId = drafted.body.id;
      expect((await rita().post(`/agreements/${agreementId}/sign`)).status).toBe(403);
      expect((await sales.post(`/agreements/${agreementId}/sign`)).body).toMatchObject({ status: 'draft', signedBy: { supplier: true, customer: false } });
      expect((await people.bea.client.post(`/agreements/${agreementId}/sign`)).status).toBe(404);
      const signed = await people.paula.client.post(`/agreements/${agreementId}/sign`);
      expect({ status: signed.status, body: signed.body }).toMatchObject({ status: 200, body: { status: 'active', version: 1, signedBy: { supplier: true, customer: true } } });
      await expectNotFound(people.bea.client, [`/agreements/${agreementId}`]);

      const forB = await draftWhenKnown(sales, {
        ...terms, companyId: b.id, title: `Globex frame ${run}`, paymentTerms: { netDays: 14, invoicing: 'per-order' },
        deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2, 3, 4, 5] }, prices: [{ sku: drill, unitPrice: '79.00' }], approvalPolicy: { levels: [] },
      });
      await sales.post(`/agreements/${forB.body.id}/sign`);
      expect((await people.bea.client.post(`/agreements/${forB.body.id}/sign`)).body).toMatchObject({ status: 'active' });
    });

    step("catalog search: A's requester sees the contract prices, B's requester nothing of A's", async () => {
      const row = (sku: string, typeNumber: string, productName: string, unitPrice: string) => ({ sku, typeNumber, name: productName, category: 'fasteners', unit: 'piece', unitPrice, currency: 'EUR', priceRule: 'contract', agreementId, agreementVersion: 1 });
      expect(await search(rita(), run, 2)).toEqual([row(bolt, 'DIN 933 M12-60', 'Hex bolt M12x60', '1.20'), row(nut, 'DIN 934 M12', 'Hex nut M12', '0.30')]);
      expect(await search(rita(), 'din933m1260', 1)).toEqual([expect.objectContaining({ sku: bolt })]);
      expect((await rita().get(`/catalog/products/${bolt}/price?quantity=2500`)).body).toMatchObject({ unitPrice: '0.95', lineTotal: '2375.00', rule: 'contract-tier', tierMinQty: 2000, agreementId, agreementVersion: 1 });
      expect(await search(rita(), drill, 0)).toEqual([]);
      expect(await search(bob(), run, 1)).toEqual([expect.objectContaining({ sku: drill, unitPrice: '79.00', priceRule: 'contract' })]);
      expect((await bob().get(`/catalog/search?q=${bolt}`)).body).toEqual({ items: [], total: 0 });
      await expectNotFound(bob(), [`/catalog/products/${bolt}/price?quantity=2500`]);
    });

    step('bad order input is refused: 400 naming the field, malformed JSON, unknown property; 415, 401, 403', async () => {
      const good = { locationId: a.locations[0]!.id, requestedDeliveryDate: requested, lines: [{ sku: bolt, quantity: 1 }] };
      for (const [body, field] of [
        [{ ...good, lines: [{ sku: bolt, quantity: 0 }] }, 'quantity'], [{ ...good, lines: [{ sku: bolt, quantity: 2.5 }] }, 'quantity'],
        [{ ...good, locationId: 'not-a-uuid' }, 'locationId'], [{ ...good, requestedDeliveryDate: '24.12.2026' }, 'requestedDeliveryDate'],
        [{ ...good, discount: 5 }, 'discount'], [{ ...good, lines: [{ sku: bolt, quantity: 1, price: '0.01' }] }, 'price'], [{ ...good, lines: [] }, 'lines'],
      ] as const) expectBadRequest(await rita().post('/orders', body), field);
      expectBadRequest(await rita().post('/orders', `{"locationId": "${good.locationId}", "lines": [`), 'JSON');
      expectBadRequest(await rita().get('/orders/not-a-uuid'), 'uuid');
      const form = await rita().post('/orders', `locationId=${good.locationId}`, { 'content-type': 'application/x-www-form-urlencoded' });
      expect({ status: form.status, body: form.body }).toMatchObject({ status: 415, body: { statusCode: 415, error: 'Unsupported Media Type' } });
      expect((await anon.post('/orders', good)).status).toBe(401);
      expect((await people.adam.client.post('/orders', good)).status).toBe(403);
    });

    step("A's requester orders over both approval levels at the tier price and submits", async () => {
      const created = await eventually(async () => {
        const reply = await rita().post('/orders', { locationId: a.locations[0]!.id, requestedDeliveryDate: requested, poNumber: `PO-${run}`, costCenter: 'CC-100', lines: [{ sku: bolt, quantity: 2500 }, { sku: nut, quantity: 400 }] });
        return reply.status === 201 ? reply : null;
      }, 'the agreement, products and location in ordering');
      expect(created.body).toMatchObject({
        id: expect.any(String), status: 'draft', total: '2495.00', currency: 'EUR', agreementId, agreementVersion: 1, poNumber: `PO-${run}`, locationId: a.locations[0]!.id,
        lines: [{ sku: bolt, quantity: 2500, unitPrice: '0.95', lineTotal: '2375.00', rule: 'contract-tier' }, { sku: nut, quantity: 400, unitPrice: '0.30', lineTotal: '120.00', rule: 'contract' }],
      });
      orderId = created.body.id;
      expect((await bob().post(`/orders/${orderId}/submit`)).status).toBe(404);
      expect((await rita().post(`/orders/${orderId}/submit`)).body).toMatchObject({ status: 'pending-approval', round: 1, total: '2495.00' });
      await expectNotFound(bob(), [`/orders/${orderId}`, `/orders/${orderId}/trail`]);
      expect((await bob().get('/orders')).body.items.some((o: { id: string }) => o.id === orderId)).toBe(false);
    });

    step('level 1 (approver), then level 2 (finance) approve: two different people', async () => {
      const [adam, fay] = [people.adam.client, people.fay.client];
      const first = await eventually(() => inbox(adam), 'the level 1 step in the inbox');
      expect(first).toMatchObject({ level: 1, role: 'approver', orderTotal: '2495.00', currency: 'EUR' });
      expect([await inbox(fay), await inbox(bob())]).toEqual([undefined, undefined]);
      expect((await bob().post(`/approvals/${first.id}/approve`, {})).status).toBe(404);
      expect((await fay.post(`/approvals/${first.id}/approve`, {})).status).toBe(403);
      expectBadRequest(await adam.post(`/approvals/${first.id}/approve`, { comment: 'ok', extra: 1 }), 'extra');
      expect((await adam.post(`/approvals/${first.id}/approve`, { comment: 'needed for the Hamburg line' })).status).toBe(200);
      expect((await adam.post(`/approvals/${first.id}/approve`, {})).status).toBe(409);
      const second = await eventually(() => inbox(fay), 'the level 2 step in the inbox');
      expect(second).toMatchObject({ level: 2, role: 'finance', orderTotal: '2495.00' });
      expect((await adam.post(`/approvals/${second.id}/approve`, {})).status).toBe(403);
      expect((await fay.post(`/approvals/${second.id}/approve`, { comment: 'within budget' })).status).toBe(200);
      await orderStatus('approved', true);
      const decided = JSON.stringify((await rita().get(`/approvals/orders/${orderId}`)).body);
      expect([decided.includes(people.adam.id), decided.includes(people.fay.id)]).toEqual([true, true]);
      await expectNotFound(bob(), [`/approvals/orders/${orderId}`]);
    });

    step('delivery is scheduled for the promised date: the first delivery weekday after the lead time', async () => {
      delivery = await eventually(async () => ((await people.ops.client.get(`/deliveries?orderId=${orderId}`)).body as Delivery[])[0], 'the scheduled delivery');
      expect(delivery).toMatchObject({ orderId, status: 'scheduled', lines: [{ sku: bolt, quantity: 2500 }, { sku: nut, quantity: 400 }] });
      expect(delivery.rule.approvedOn >= started && delivery.rule.approvedOn <= today()).toBe(true);
      expect(delivery.promisedDate).toBe(promisedDateOf(requested, delivery.rule.approvedOn, 5, [2, 4]));
      expect((await rita().get(`/deliveries?orderId=${orderId}`)).body).toEqual([expect.objectContaining({ id: delivery.id, promisedDate: delivery.promisedDate })]);
      expect((await bob().get(`/deliveries?orderId=${orderId}`)).body).toEqual([]);
      await expectNotFound(bob(), [`/deliveries/${delivery.id}`]);
      await orderStatus('scheduled');
    });

    step('supplier operations dispatch it', async () => {
      expect((await people.rex.client.post(`/deliveries/${delivery.id}/dispatch`, {})).status).toBe(403);
      const dispatched = await people.ops.client.post(`/deliveries/${delivery.id}/dispatch`, { carrier: 'DB Schenker', trackingReference: `JT-${run}` });
      expect({ status: dispatched.status, body: dispatched.body }).toMatchObject({ status: 200, body: { id: delivery.id, status: 'dispatched', despatch: { carrier: 'DB Schenker', trackingReference: `JT-${run}` } } });
      expect((await people.ops.client.post(`/deliveries/${delivery.id}/dispatch`, {})).status).toBe(409);
      await orderStatus('dispatched');
    });

    step("A's receiver takes in part of it with damaged units, then the rest", async () => {
      const receipt = (as: ApiClient, lines: object[]) => as.post(`/deliveries/${delivery.id}/receipt`, { lines });
      expectBadRequest(await receipt(people.rex.client, [{ sku: bolt, quantityReceived: -1 }]), 'quantityReceived');
      expect((await receipt(bob(), [{ sku: bolt, quantityReceived: 1 }])).status).toBe(404);
      expect((await receipt(people.rex.client, [{ sku: bolt, quantityReceived: 5, quantityDamaged: 6 }])).body).toMatchObject({ statusCode: 422, code: 'DELIVERY.DAMAGED_EXCEEDS_RECEIVED', message: expect.stringContaining(bolt) });
      const partial = await receipt(people.rex.client, [{ sku: bolt, quantityReceived: 1500, quantityDamaged: 30 }, { sku: nut, quantityReceived: 400, quantityDamaged: 4 }]);
      expect({ status: partial.status, body: partial.body }).toMatchObject({ status: 201, body: { receiptId: expect.any(String), deliveryClosed: false, orderFullyReceived: false } });
      await orderStatus('partially-received');
      const over = await receipt(people.rex.client, [{ sku: bolt, quantityReceived: 1001 }]);
      expect({ status: over.status, message: over.body.message }).toMatchObject({ status: 422, message: expect.stringContaining(bolt) });
      const rest = await receipt(people.rex.client, [{ sku: bolt, quantityReceived: 1000 }]);
      expect({ status: rest.status, body: rest.body }).toMatchObject({ status: 201, body: { deliveryClosed: true, orderFullyReceived: true } });
      await orderStatus('received', true);
    });

    step('monthly close refuses the running month; the per-order invoice bills the undamaged quantity', async () => {
      const finance = people.finance.client;
      const period = new Date().toISOString().slice(0, 7);
      expect((await people.fay.client.post('/invoicing/close', { period })).status).toBe(403);
      expectBadRequest(await finance.post('/invoicing/close', { period: `${year}-13` }), 'period');
      const early = await finance.post('/invoicing/close', { period });
      expect({ status: early.status, body: early.body }).toMatchObject({ status: 422, body: { statusCode: 422, code: 'PERIOD.NOT_ENDED', message: expect.stringContaining(period) } });
      const issued = await eventually(async () => {
        const list = (await finance.get(`/invoices?companyId=${a.id}`)).body as (typeof invoice & { status: string })[];
        return list.length > 0 && list.every((i) => i.status !== 'blocked') ? list : null;
      }, 'the per-order invoice');
      expect(issued).toEqual([expect.objectContaining({ number: expect.stringMatching(new RegExp(`^INV-${year}-\\d{6}$`)), companyId: a.id, currency: 'EUR', status: 'issued' })]);
      invoice = issued[0]!;
      await orderStatus('invoiced');
    });

    step('the invoice and its UBL: lines, VAT, totals; well-formed, with the invoice number and the order reference', async () => {
      const detail = (await people.fay.client.get(`/invoices/${invoice.id}`)).body;
      expect(detail).toMatchObject({ id: invoice.id, number: invoice.number, companyId: a.id, agreementId, currency: 'EUR', buyerReference: `PO-${run}`, status: 'issued', netTotal: '2465.30' });
      expect([detail.period, detail.dueDate]).toEqual([undefined, addDays(detail.issueDate, 30)]);
      expect(detail.lines).toEqual([
        expect.objectContaining({ orderId, deliveryId: delivery.id, sku: bolt, quantity: 2470, unitPrice: '0.95', lineTotal: '2346.50' }),
        expect.objectContaining({ orderId, deliveryId: delivery.id, sku: nut, quantity: 396, unitPrice: '0.30', lineTotal: '118.80' }),
      ]);
      expectInvoiceSums(detail);
      expect((await rita().get(`/invoices/${invoice.id}`)).body).toMatchObject({ id: invoice.id, total: detail.total });

      const ubl = await people.fay.client.get(`/invoices/${invoice.id}/ubl`);
      expect(ubl.status).toBe(200);
      const xml = String(ubl.body);
      expect(checkWellFormedXml(xml)).toBe('Invoice');
      expect(xml).toContain('urn:fdc:peppol.eu:2017:poacc:billing:3.0');
      expect(xml).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
      expect(xml).toMatch(new RegExp(`<cac:OrderReference>\\s*<cbc:ID>${orderId}</cbc:ID>`));
      expect(xml).toContain(`<cbc:BuyerReference>PO-${run}</cbc:BuyerReference>`);
      expect(xml).toContain(`Müller &amp; Söhne &lt;${run}&gt;`);
      expect(xml).toContain(`<cbc:PayableAmount currencyID="EUR">${detail.total}</cbc:PayableAmount>`);

      await expectNotFound(bob(), [`/invoices/${invoice.id}`, `/invoices/${invoice.id}/ubl`, `/invoices/${invoice.id}/html`]);
      expect(((await bob().get('/invoices')).body as { id: string }[]).some((i) => i.id === invoice.id)).toBe(false);
      expect((await bob().get(`/invoices?companyId=${a.id}`)).body).toEqual([]);
      expectBadRequest(await people.finance.client.get('/invoices?companyId=not-a-uuid'), 'companyId');
    });

    step('the trail, oldest first, from AgreementActivated to InvoiceIssued, names who signed, decided, dispatched, received', async () => {
      trail = await eventually(async () => {
        const entries = (await rita().get(`/orders/${orderId}/trail`)).body as TrailEntry[];
        return entries.some((e) => e.type === 'InvoiceIssued') ? entries : null;
      }, 'the invoice in the trail');
      expect(trail.map((e) => e.at)).toEqual([...trail.map((e) => e.at)].sort());
      expect(trail[0]).toMatchObject({ service: 'agreements', type: 'AgreementActivated', actor: { userId: people.paula.id, role: 'procurement', companyId: a.id }, data: { agreementId, version: 1 } });
      // every step in order, each of ordering's reactions (OrderApproved, OrderProgressed) right after its cause
      expect(trail.map((e) => e.type)).toEqual([
        'AgreementActivated', 'OrderDrafted', 'OrderSubmitted', 'ApprovalStepDecided', 'ApprovalStepDecided', 'ApprovalRoundDecided', 'OrderApproved',
        ...['DeliveryScheduled', 'DeliveryDispatched', 'GoodsReceived', 'GoodsReceived', 'InvoiceIssued'].flatMap((t) => [t, 'OrderProgressed']),
      ]);
      expect(trail.filter((e) => e.type === 'OrderProgressed').map((e) => e.data['stage'])).toEqual(['scheduled', 'dispatched', 'partially-received', 'received', 'invoiced']);
      expect(trail.find((e) => e.type === 'InvoiceIssued')).toMatchObject({ service: 'invoicing', data: { invoiceId: invoice.id, number: invoice.number, total: invoice.total } });
      expect(trail.find((e) => e.type === 'OrderSubmitted')).toMatchObject({ actor: { userId: people.rita.id, role: 'requester' } });
      expect(trail.filter((e) => e.type === 'ApprovalStepDecided')).toEqual([
        expect.objectContaining({ service: 'approvals', actor: { userId: people.adam.id, role: 'approver', companyId: a.id }, data: expect.objectContaining({ level: 1, decision: 'approved', comment: 'needed for the Hamburg line' }) }),
        expect.objectContaining({ service: 'approvals', actor: { userId: people.fay.id, role: 'finance', companyId: a.id }, data: expect.objectContaining({ level: 2, decision: 'approved' }) }),
      ]);
      expect(trail.find((e) => e.type === 'DeliveryScheduled')).toMatchObject({ service: 'delivery', data: { promisedDate: delivery.promisedDate } });
      expect(trail.find((e) => e.type === 'DeliveryDispatched')).toMatchObject({ actor: { userId: people.ops.id, role: 'supplier-ops', companyId: supplierId }, data: { carrier: 'DB Schenker' } });
      const receipts = trail.filter((e) => e.type === 'GoodsReceived');
      expect(receipts.map((e) => e.actor)).toEqual([1, 2].map(() => ({ userId: people.rex.id, role: 'receiver', companyId: a.id })));
      expect(JSON.stringify(receipts[0]!.data)).toContain('"quantityDamaged":30');
      expect((await people.ops.client.get(`/orders/${orderId}/trail`)).body).toHaveLength(trail.length);
      await expectNotFound(bob(), [`/orders/${orderId}/trail`]);
    });

    step('the trail verifies (hash chains intact, sealed) and the as-of terms show the agreement at pricing and at each approval', async () => {
      const verified = await eventually(async () => {
        const body = (await rita().get(`/orders/${orderId}/trail/verify`)).body as { ok: boolean; unsealed: number };
        return body.ok && body.unsealed === 0 ? body : null;
      }, 'the trail sealed');
      expect(verified).toMatchObject({ orderId, ok: true, firstBroken: null, sealed: expect.any(Number) });
      const terms = (await rita().get(`/orders/${orderId}/terms`)).body as { priced: Record<string, unknown>; approvals: Record<string, unknown>[] };
      expect(terms.priced).toMatchObject({ agreementId, version: 1, terms: { currency: 'EUR', approvalPolicy: { levels: [expect.objectContaining({ role: 'approver' }), expect.objectContaining({ role: 'finance' })] } } });
      expect(terms.approvals).toEqual([
        expect.objectContaining({ level: 1, role: 'approver', by: expect.objectContaining({ userId: people.adam.id }), agreementId, version: 1, sameAsPriced: true }),
        expect.objectContaining({ level: 2, role: 'finance', by: expect.objectContaining({ userId: people.fay.id }), agreementId, version: 1, sameAsPriced: true }),
      ]);
      await expectNotFound(bob(), [`/orders/${orderId}/trail/verify`, `/orders/${orderId}/terms`]);
    });
  });
