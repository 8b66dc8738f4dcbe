import { describe, it, expect, beforeAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ApiClient, draftWhenKnown, eventually, inviter } from './api-client.js';
import type { SliceTarget } from './agreement-slice.scenario.js';

/** The catalog as the supplier's staff and a customer's buyers see it: a CSV import (all or nothing),
 *  prices by the rules of the agreement in force (tier, category discount, assortment list price) with
 *  the agreement version on every answer, search limited to the company's assortment, deactivation,
 *  amendment and expiry. Run against the embedded and the distributed run. */
export const catalogScenario = (name: string, target: () => SliceTarget): void =>
  describe(`catalog: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const sku = (s: string): string => `${s}-${run}`;
    const [bolt, glove, nut, tape, drill] = ['BOLT', 'GLOVE', 'NUT', 'TAPE', 'DRILL'].map(sku) as [string, string, string, string, string];
    const gloves = `gloves-${run}`;
    const tapes = `tape-${run}`;
    const header = 'sku,typeNumber,name,description,category,unit,listPrice,currency,documents,active';
    let anon: ApiClient;
    let admin: ApiClient;
    let sales: ApiClient;
    let paula: ApiClient; // procurement of Initech
    let ray: ApiClient; // requester of Initech
    let other: ApiClient; // requester of Umbrella (no agreement)
    let initech: string;
    let umbrella: string;
    let agreementId: string;

    const terms = (companyId: string, overrides: object = {}) => ({
      companyId, title: `Catalog frame ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
      paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 2, deliveryWeekdays: [1, 3, 5] },
      prices: [{ sku: bolt, unitPrice: '0.42', tiers: [{ minQty: 100, unitPrice: '0.38' }, { minQty: 1000, unitPrice: '0.31' }] }],
      categoryDiscounts: [{ category: gloves, percent: '10' }],
      assortment: { skus: [nut], categories: [tapes] },
      approvalPolicy: { levels: [] },
      ...overrides,
    });

    const activate = async (body: object): Promise<string> => {
      const drafted = await draftWhenKnown(sales, body);
      expect(drafted.status).toBe(201);
      expect((await sales.post(`/agreements/${drafted.body.id}/sign`)).status).toBe(200);
      expect((await paula.post(`/agreements/${drafted.body.id}/sign`)).body).toMatchObject({ status: 'active' });
      return drafted.body.id as string;
    };

    const csv = (text: string) => admin.request('POST', '/products/import', text, { 'content-type': 'text/csv' });

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      anon = new ApiClient(baseUrl);
      const me = await anon.post('/auth/token', { email: adminEmail, password: adminPassword });
      admin = anon.as(me.body.accessToken);
      const invite = inviter(admin, run);
      sales = await invite(me.body.user.companyId, 'sid', ['sales']);
      initech = (await sales.post('/companies', { name: `Initech ${run}`, locations: [{ name: 'Austin', address: '1 Initech Way' }] })).body.id;
      umbrella = (await sales.post('/companies', { name: `Umbrella ${run}`, locations: [{ name: 'Raccoon City', address: '2 Hive Rd' }] })).body.id;
      paula = await invite(initech, 'paula', ['procurement']);
      ray = await invite(initech, 'ray', ['requester']);
      other = await invite(umbrella, 'ursula', ['requester', 'procurement']);
    });
    it('imports nothing from a CSV with one bad row, and names the row', async () => {
      const reply = await csv(`${header}\n${bolt},DIN 933 M8-40,Hex bolt M8x40,zinc plated,fasteners-${run},piece,0.50,EUR,,\n${glove},EN 388,Work glove,,${gloves},pair,4.00,EUR,,\n${nut},DIN 934,Hex nut,,fasteners-${run},piece,twelve,EUR,,\n`);
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ code: 'IMPORT.INVALID_ROWS', message: expect.stringContaining(`line 4 (SKU ${nut})`) });
      expect(reply.body.details).toEqual([{ row: 4, sku: nut, message: expect.stringContaining('listPrice') }]);
      expect((await admin.get(`/products/${bolt}`)).status).toBe(404);
      expect((await admin.get(`/products/${glove}`)).status).toBe(404);
    });

    it('imports a CSV whole: listed, with documents; a second import revises and counts', async () => {
      const file = [
        header,
        `${bolt},DIN 933 M8-40,Hex bolt M8x40,"zinc plated, class 8.8",fasteners-${run},piece,0.50,EUR,CE declaration|https://docs.example/ce-${run}.pdf,`,
        `${glove},EN 388 4131X,Work glove,nitrile coated,${gloves},pair,4.00,EUR,,`,
        `${nut},DIN 934 M8,Hex nut M8,,fasteners-${run},piece,0.07,EUR,,`,
        `${tape},TP-50,Duct tape 50 mm,,${tapes},roll,2.10,EUR,,`,
        `${drill},HD-18V,Cordless drill,,tools-${run},piece,89.00,EUR,,true`,
      ].join('\r\n');
      const first = await csv(file);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ rows: 5, listed: 5, revised: 0, deactivated: 0, reactivated: 0, unchanged: 0 });
      const again = await csv(file.replace('Duct tape 50 mm', '"Duct tape, 50 mm"'));
      expect(again.body).toEqual({ rows: 5, listed: 0, revised: 1, deactivated: 0, reactivated: 0, unchanged: 4 });
      const product = await eventually(async () => {
        const reply = await admin.get(`/products/${bolt}`);
        return reply.status === 200 ? reply.body : null;
      }, 'the imported product in the catalog');
      expect(product).toMatchObject({ sku: bolt, description: 'zinc plated, class 8.8', documents: [{ name: 'CE declaration', url: `https://docs.example/ce-${run}.pdf` }], active: true });
    });

    it('prices by the agreement: tier at its boundary, category discount, assortment list price; with the version', async () => {
      agreementId = await activate(terms(initech));
      const price = (s: string, quantity: number, as = ray) => as.get(`/catalog/products/${s}/price?quantity=${quantity}`);
      const base = await eventually(async () => {
        const reply = await price(bolt, 99);
        return reply.status === 200 ? reply : null;
      }, 'the agreement in the catalog');
      expect(base.body).toMatchObject({ sku: bolt, companyId: initech, quantity: 99, unitPrice: '0.42', lineTotal: '41.58', currency: 'EUR', rule: 'contract', agreementId, agreementVersion: 1 });
      expect((await price(bolt, 100)).body).toMatchObject({ unitPrice: '0.38', lineTotal: '38.00', rule: 'contract-tier', tierMinQty: 100 });
      expect((await price(bolt, 999)).body).toMatchObject({ unitPrice: '0.38', tierMinQty: 100 });
      expect((await price(bolt, 1000)).body).toMatchObject({ unitPrice: '0.31', tierMinQty: 1000 });
      expect((await price(glove, 3)).body).toMatchObject({ unitPrice: '3.60', lineTotal: '10.80', rule: 'category-discount', discountPercent: '10', listPrice: '4.00' });
      expect((await price(nut, 10)).body).toMatchObject({ unitPrice: '0.07', rule: 'list-price' });
      expect((await price(tape, 1)).body).toMatchObject({ unitPrice: '2.10', rule: 'list-price' });
    });

    it('treats a product outside the assortment as not found for that company', async () => {
      const outside = await ray.get(`/catalog/products/${drill}/price?quantity=1`);
      expect(outside.status).toBe(404);
      expect(outside.body).toMatchObject({ code: 'PRODUCT.NOT_FOUND' });
      expect((await ray.get(`/products/${drill}`)).status).toBe(404);
      expect((await ray.get(`/products/${bolt}`)).status).toBe(200);
    });

    it('searches the assortment only, at its prices: codes ignoring case/spaces/dashes, words, categories', async () => {
      const skus = async (query: string, as = ray) => ((await as.get(`/catalog/search?${query}`)).body.items as { sku: string }[]).map((i) => i.sku);
      expect((await skus(`q=${run}`)).sort()).toEqual([bolt, glove, nut, tape].sort());
      expect(await skus('q=din933m840')).toEqual([bolt]);
      expect(await skus(`q=${encodeURIComponent('din 933 m8')}`)).toEqual([bolt]);
      expect(await skus(`q=nitrile&category=${gloves}`)).toEqual([glove]);
      expect(await skus('q=cordless')).toEqual([]);
      const glovesFound = await ray.get(`/catalog/search?category=${gloves}`);
      expect(glovesFound.body.items).toEqual([{ sku: glove, typeNumber: 'EN 388 4131X', name: 'Work glove', category: gloves, unit: 'pair', unitPrice: '3.60', currency: 'EUR', priceRule: 'category-discount', agreementId, agreementVersion: 1 }]);
      expect(await skus(`q=${run}`, other)).toEqual([]);
      expect((await skus(`q=cordless`, sales))).toContain(drill);
    });

    it('keeps the old price until an amendment is active, then answers with the new version', async () => {
      const amended = await sales.post(`/agreements/${agreementId}/amend`, { ...terms(initech, { prices: [{ sku: bolt, unitPrice: '0.45', tiers: [{ minQty: 100, unitPrice: '0.40' }] }] }), companyId: undefined, reason: 'steel surcharge' });
      expect(amended.status).toBe(200);
      expect((await sales.post(`/agreements/${agreementId}/sign`)).status).toBe(200);
      expect((await ray.get(`/catalog/products/${bolt}/price?quantity=100`)).body).toMatchObject({ unitPrice: '0.38', agreementVersion: 1 });
      expect((await paula.post(`/agreements/${agreementId}/sign`)).body).toMatchObject({ status: 'active', version: 2 });
      const v2 = await eventually(async () => {
        const reply = await ray.get(`/catalog/products/${bolt}/price?quantity=100`);
        return reply.body.agreementVersion === 2 ? reply.body : null;
      }, 'version 2 in the catalog');
      expect(v2).toMatchObject({ unitPrice: '0.40', rule: 'contract-tier', agreementId });
    });

    it('lets supplier staff price for a named company, and no one else', async () => {
      expect((await sales.get(`/catalog/products/${glove}/price?quantity=2&companyId=${initech}`)).body).toMatchObject({ unitPrice: '3.60', companyId: initech });
      const unnamed = await sales.get(`/catalog/products/${glove}/price`);
      expect(unnamed.status).toBe(400);
      expect(unnamed.body.message).toContain('companyId');
      expect((await other.get(`/catalog/products/${glove}/price?companyId=${initech}`)).status).toBe(404);
      const noAgreement = await other.get(`/catalog/products/${glove}/price`);
      expect(noAgreement.status).toBe(422);
      expect(noAgreement.body.code).toBe('PRICE.NO_AGREEMENT_IN_FORCE');
    });

    it('takes a deactivated product out of search and prices, and back', async () => {
      expect((await admin.post(`/products/${tape}/deactivate`, { reason: 'discontinued' })).status).toBe(200);
      expect((await admin.post(`/products/${tape}/deactivate`, { reason: 'again' })).status).toBe(409);
      await eventually(async () => (await ray.get(`/catalog/products/${tape}/price`)).status === 422, 'the deactivation in the catalog');
      expect((await ray.get(`/catalog/search?q=${tape}`)).body.total).toBe(0);
      expect((await admin.post(`/products/${tape}/activate`)).status).toBe(200);
      await eventually(async () => (await ray.get(`/catalog/search?q=${tape}`)).body.total === 1, 'the reactivation in the catalog');
    });

    it('gives no prices once the agreement has expired', async () => {
      const validTo = new Date(Date.now() + 6_000).toISOString();
      await activateFor(other, terms(umbrella, { validFrom: '2026-01-01T00:00:00Z', validTo }));
      await eventually(async () => (await other.get(`/catalog/products/${bolt}/price`)).status === 200, 'the short agreement in the catalog');
      await eventually(async () => (await other.get(`/catalog/products/${bolt}/price`)).status === 422, 'the agreement to expire', 20_000);
      expect((await other.get(`/catalog/products/${bolt}/price`)).body.code).toBe('PRICE.NO_AGREEMENT_IN_FORCE');
      expect((await other.get(`/catalog/search?q=${run}`)).body).toEqual({ items: [], total: 0 });
    });
    it('refuses bad catalog input with 400/403/415', async () => {
      expect((await ray.request('POST', '/products/import', `${header}\n`, { 'content-type': 'text/csv' })).status).toBe(403);
      expect((await csv('sku,name\nX,Y')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('missing columns') });
      expect((await admin.request('POST', '/products', 'sku,name', { 'content-type': 'text/csv' })).status).toBe(415);
      expect((await admin.post('/products/import', { csv: 'a' })).status).toBe(400);
      expect((await ray.get(`/catalog/products/${bolt}/price?quantity=0`)).status).toBe(400);
      const badDoc = await admin.post('/products', { sku: sku('X'), typeNumber: 'X', name: 'X', description: '', category: 'x', unit: 'piece', listPrice: '1', currency: 'EUR', documents: [{ name: 'CE', url: 'javascript:alert(1)' }] });
      expect(badDoc.status).toBe(400);
      expect(badDoc.body.message).toContain('documents');
    });

    /** Signs for the given customer's procurement user (the short-lived agreement of the expiry test). */
    const activateFor = async (procurement: ApiClient, body: object): Promise<void> => {
      const drafted = await draftWhenKnown(sales, body);
      expect(drafted.status).toBe(201);
      expect((await sales.post(`/agreements/${drafted.body.id}/sign`)).status).toBe(200);
      expect((await procurement.post(`/agreements/${drafted.body.id}/sign`)).body).toMatchObject({ status: 'active' });
    };
  });
