import { describe, it, expect } from '@jest/globals';
import { contractUnitPrice, inForce, percentOff, resolvePrice, type AgreementPricing, type PricedProduct } from './pricing.js';

const bolt = { unitPrice: '0.42', tiers: [{ minQty: 100, unitPrice: '0.38' }, { minQty: 1000, unitPrice: '0.31' }] };
const agreement: AgreementPricing = {
  agreementId: 'a1', version: 2, currency: 'EUR', validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z',
  prices: new Map([['BOLT-M8', bolt]]),
  categoryDiscounts: new Map([['gloves', '12.5']]),
  assortment: { skus: new Set(['NUT-M8']), categories: new Set(['tape']) },
};
const product = (sku: string, category: string, listPrice = '0.50', extra: Partial<PricedProduct> = {}): PricedProduct => ({ sku, category, listPrice, currency: 'EUR', active: true, ...extra });
const now = new Date('2026-06-01T00:00:00Z');

describe('contract price tiers', () => {
  it('uses the base price below the first tier', () => expect(contractUnitPrice(bolt, 99)).toEqual({ unitPrice: '0.42' }));
  it('uses a tier from its minimum quantity on (the boundary is inclusive)', () => expect(contractUnitPrice(bolt, 100)).toEqual({ unitPrice: '0.38', tierMinQty: 100 }));
  it('uses the highest tier reached', () => {
    expect(contractUnitPrice(bolt, 999).unitPrice).toBe('0.38');
    expect(contractUnitPrice(bolt, 1000)).toEqual({ unitPrice: '0.31', tierMinQty: 1000 });
  });
  it('has validity from inclusive, to exclusive', () => {
    expect(inForce('2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(inForce('2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', new Date('2026-07-01T00:00:00Z'))).toBe(false);
  });
});

describe('price resolution for a company', () => {
  it('prefers the contract price, naming the tier and the agreement version', () => {
    expect(resolvePrice(product('BOLT-M8', 'gloves'), agreement, 99, now)).toEqual({ ok: true, unitPrice: '0.42', currency: 'EUR', rule: 'contract', agreementId: 'a1', agreementVersion: 2 });
    expect(resolvePrice(product('BOLT-M8', 'gloves'), agreement, 100, now)).toMatchObject({ ok: true, unitPrice: '0.38', rule: 'contract-tier', tierMinQty: 100 });
  });
  it('else takes the category discount off the list price, exactly', () => {
    expect(resolvePrice(product('GLOVE-9', 'gloves', '3.99'), agreement, 1, now)).toMatchObject({ ok: true, unitPrice: '3.4913', rule: 'category-discount', discountPercent: '12.5' });
    expect(percentOff('0.10', '33.3333')).toBe('0.0667');
  });
  it('else the list price when the assortment names the SKU or its category', () => {
    expect(resolvePrice(product('NUT-M8', 'fasteners', '0.07'), agreement, 5, now)).toMatchObject({ ok: true, unitPrice: '0.07', rule: 'list-price' });
    expect(resolvePrice(product('TAPE-50', 'tape', '2.10'), agreement, 5, now)).toMatchObject({ ok: true, unitPrice: '2.10', rule: 'list-price' });
  });
  it('refuses a product outside the assortment', () => {
    expect(resolvePrice(product('DRILL-1', 'tools'), agreement, 1, now)).toMatchObject({ ok: false, reason: 'outside-assortment' });
  });
  it('refuses list-price rules when the list price is in another currency', () => {
    expect(resolvePrice(product('TAPE-50', 'tape', '2.10', { currency: 'USD' }), agreement, 1, now)).toMatchObject({ ok: false, reason: 'outside-assortment' });
  });
  it('gives no price once the agreement has expired, or before it starts', () => {
    expect(resolvePrice(product('BOLT-M8', 'x'), agreement, 1, new Date('2027-01-01T00:00:00Z'))).toMatchObject({ ok: false, reason: 'not-in-force' });
    expect(resolvePrice(product('BOLT-M8', 'x'), agreement, 1, new Date('2025-12-31T23:59:59Z'))).toMatchObject({ ok: false, reason: 'not-in-force' });
  });
  it('gives no price without an agreement, or for an inactive product', () => {
    expect(resolvePrice(product('BOLT-M8', 'x'), null, 1, now)).toMatchObject({ ok: false, reason: 'no-agreement' });
    expect(resolvePrice(product('BOLT-M8', 'x', '0.50', { active: false }), agreement, 1, now)).toMatchObject({ ok: false, reason: 'inactive' });
  });
});
