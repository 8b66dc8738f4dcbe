import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll } from '@jest/globals';
import { ApiClient, draftWhenKnown, eventually, inviter } from './api-client.js';

export interface SliceTarget {
  readonly baseUrl: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  /** A service's own database, where a test may alter a stored event directly (tamper evidence). */
  readonly databaseUrl?: (service: string) => string;
}

/** The foundation slice, as a client sees it (shared/API.md): accounts, products, an agreement signed by
 *  sales and procurement, and the contract price reaching the catalog of that company only. Run
 *  against the embedded run and against the distributed run. */
export const agreementSliceScenario = (name: string, target: () => SliceTarget): void =>
  describe(`agreement slice: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const sku = `BOLT-${run}`;
    const otherSku = `NUT-${run}`;
    let anon: ApiClient;
    let admin: ApiClient;
    let sales: ApiClient;
    let pia: ApiClient; // procurement of ACME
    let rita: ApiClient; // requester of ACME
    let otto: ApiClient; // procurement of Globex
    let acme: { id: string; locations: { id: string }[] };
    let globex: { id: string };
    let agreementId: string;

    const terms = (companyId: string) => ({
      companyId, title: `Frame agreement ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
      paymentTerms: { netDays: 30, invoicing: 'monthly' }, deliveryTerms: { leadTimeDays: 3, deliveryWeekdays: [2, 4] },
      prices: [{ sku, unitPrice: '0.42', tiers: [{ minQty: 100, unitPrice: '0.38' }] }],
      approvalPolicy: { levels: [{ minTotal: '1000', role: 'approver' }] },
    });

    const termsOnly = () => {
      const { companyId: _companyId, ...rest } = terms(acme.id);
      return rest;
    };

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      anon = new ApiClient(baseUrl);
      admin = await anon.login(adminEmail, adminPassword);
      const me = await admin.post('/auth/token', { email: adminEmail, password: adminPassword });
      expect(me.status).toBe(200);
      const supplierId = me.body.user.companyId as string;
      const invite = inviter(admin, run);
      sales = await invite(supplierId, 'sam', ['sales']);
      const created = await sales.post('/companies', { name: `ACME ${run}`, locations: [{ name: 'Plant Nord', address: 'Hafenstraße 1, Hamburg' }] });
      expect(created.status).toBe(201);
      acme = created.body;
      globex = (await admin.post('/companies', { name: `Globex ${run}`, locations: [{ name: 'HQ', address: 'Main St 1' }] })).body;
      pia = await invite(acme.id, 'pia', ['procurement']);
      rita = await invite(acme.id, 'rita', ['requester']);
      otto = await invite(globex.id, 'otto', ['procurement', 'requester']);
      for (const [s, name, typeNumber] of [[sku, 'Hex bolt M8x40', 'DIN 933 M8-40'], [otherSku, 'Hex nut M8', 'DIN 934 M8']] as const) {
        const product = await admin.post('/products', { sku: s, typeNumber, name, description: 'zinc plated', category: 'fasteners', unit: 'piece', listPrice: '0.50', currency: 'EUR' });
        expect(product.status).toBe(201);
      }
    });
    it('answers health and serves the OpenAPI document', async () => {
      expect((await anon.get('/health')).body).toEqual({ status: 'ok' });
      const docs = await anon.get<{ paths: Record<string, unknown> }>('/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/agreements', '/api/catalog/search']));
    });

    it('drafts, signs by sales, signs by procurement: active, every step by a named person', async () => {
      const drafted = await draftWhenKnown(sales, terms(acme.id));
      expect(drafted.status).toBe(201);
      expect(drafted.body).toEqual({ id: expect.any(String), version: 1, status: 'draft' });
      agreementId = drafted.body.id;

      const bySales = await sales.post(`/agreements/${agreementId}/sign`);
      expect(bySales.status).toBe(200);
      expect(bySales.body).toMatchObject({ status: 'draft', signedBy: { supplier: true, customer: false } });
      expect((await sales.post(`/agreements/${agreementId}/sign`)).status).toBe(409);

      const byProcurement = await pia.post(`/agreements/${agreementId}/sign`);
      expect(byProcurement.status).toBe(200);
      expect(byProcurement.body).toMatchObject({ status: 'active', version: 1, signedBy: { supplier: true, customer: true } });

      const asOfBefore = await pia.get(`/agreements/${agreementId}?asOf=2000-01-01T00:00:00Z`);
      expect(asOfBefore.status).toBe(404);
      expect((await pia.get(`/agreements/${agreementId}`)).body).toMatchObject({ status: 'active', companyId: acme.id });
    });

    it("shows the contract price to that company's users after AgreementActivated crossed the bus", async () => {
      const found = await eventually(async () => {
        const reply = await rita.get(`/catalog/search?q=${encodeURIComponent(sku.toLowerCase())}`);
        return reply.body.total === 1 ? reply.body : null;
      }, 'the contract price in the catalog');
      expect(found.items).toEqual([
        { sku, typeNumber: 'DIN 933 M8-40', name: 'Hex bolt M8x40', category: 'fasteners', unit: 'piece', unitPrice: '0.42', currency: 'EUR', priceRule: 'contract', agreementId, agreementVersion: 1 },
      ]);
      // type number ignoring case, spaces and dashes; a product outside the assortment is not found
      expect((await rita.get('/catalog/search?q=din933m8')).body.items.map((i: { sku: string }) => i.sku)).toEqual([sku]);
      expect((await rita.get(`/catalog/search?q=${otherSku}`)).body).toEqual({ items: [], total: 0 });
    });

    it("keeps companies apart: another company sees neither the agreement nor its prices", async () => {
      expect((await otto.get(`/catalog/search?q=${sku}`)).body).toEqual({ items: [], total: 0 });
      const foreign = await otto.get(`/agreements/${agreementId}`);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect((await otto.post(`/agreements/${agreementId}/sign`)).status).toBe(404);
      expect((await otto.get(`/companies/${acme.id}`)).status).toBe(404);
    });

    it('amends: the old price stays until both sides signed the new version, then the catalog shows it', async () => {
      const amended = await sales.post(`/agreements/${agreementId}/amend`, {
        ...termsOnly(), reason: 'steel surcharge', prices: [{ sku, unitPrice: '0.45', tiers: [{ minQty: 100, unitPrice: '0.40' }] }],
      });
      expect(amended.status).toBe(200);
      expect(amended.body).toMatchObject({ status: 'active', version: 1, pendingAmendment: { version: 2, signedBy: { supplier: false, customer: false } } });
      expect((await sales.post(`/agreements/${agreementId}/amend`, { ...termsOnly(), reason: 'again' })).status).toBe(409);
      expect((await sales.post(`/agreements/${agreementId}/sign`)).status).toBe(200);
      expect((await rita.get(`/catalog/search?q=${sku}`)).body.items[0]).toMatchObject({ unitPrice: '0.42', agreementVersion: 1 });
      const done = await pia.post(`/agreements/${agreementId}/sign`);
      expect(done.body).toMatchObject({ status: 'active', version: 2, pendingAmendment: null, terms: { prices: [{ unitPrice: '0.45' }] } });
      await eventually(async () => (await rita.get(`/catalog/search?q=${sku}`)).body.items[0]?.agreementVersion === 2, 'version 2 in the catalog');
      expect((await rita.get(`/catalog/search?q=${sku}`)).body.items[0]).toMatchObject({ unitPrice: '0.45', agreementVersion: 2 });
    });

    it('refuses a second active agreement for the same company with 409', async () => {
      const second = await draftWhenKnown(sales, { ...terms(acme.id), title: 'A second frame agreement' });
      expect(second.status).toBe(201);
      await eventually(async () => {
        const reply = await sales.post(`/agreements/${second.body.id}/sign`);
        return reply.status === 200 ? reply : null;
      }, 'the supplier signature');
      const refused = await eventually(async () => {
        const reply = await pia.post(`/agreements/${second.body.id}/sign`);
        return reply.status === 409 ? reply : null;
      }, 'the 409 of a second active agreement');
      expect(refused.body.message).toContain('already has an active agreement');
    });

    it('shows supplier staff the list price', async () => {
      const reply = await sales.get(`/catalog/search?q=${sku}`);
      expect(reply.body.items).toEqual([expect.objectContaining({ sku, unitPrice: '0.50' })]);
    });

    it('refuses what it must: 401, 403, 400 naming the field, 415, 422', async () => {
      expect((await anon.get('/catalog/search')).status).toBe(401);
      expect((await anon.as('not-a-token').get('/catalog/search')).status).toBe(401);
      expect((await anon.post('/auth/token', { email: 'admin@supplier.example', password: 'wrong' })).status).toBe(401);
      expect((await rita.post('/agreements', terms(acme.id))).status).toBe(403);
      expect((await rita.post('/products', {})).status).toBe(403);

      const bad = await sales.post('/agreements', { ...terms(acme.id), currency: 'euro' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('currency') });
      const unknownField = await sales.post('/agreements', { ...terms(acme.id), discount: 5 });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.message).toContain('discount');
      const badTier = await sales.post('/agreements', { ...terms(acme.id), prices: [{ sku, unitPrice: '1', tiers: [{ minQty: 'many', unitPrice: '1' }] }] });
      expect(badTier.status).toBe(400);
      expect(badTier.body.message).toContain('minQty');
      const dates = await sales.post('/agreements', { ...terms(acme.id), validFrom: '2031-01-01' });
      expect(dates.status).toBe(422);
      expect(dates.body.message).toContain('validFrom');

      expect((await sales.post('/companies', 'name=x', { 'content-type': 'text/plain' })).status).toBe(415);
      const nul = await sales.post('/companies', { name: 'Bad\u0000Name', locations: [{ name: 'a', address: 'b' }] });
      expect(nul.status).toBe(400);
      expect(nul.body.message).toContain('body.name');
      const deep = await sales.post('/companies', JSON.parse(`{"name":"x","locations":${'['.repeat(3000)}${']'.repeat(3000)}}`));
      expect(deep.status).toBe(400);
      expect((await sales.get('/agreements/not-a-uuid')).status).toBe(400);
      expect((await sales.get(`/agreements/${randomUUID()}`)).status).toBe(404);
    });
  });
