import { describe, it } from '@jest/globals';
import { Conflict, Forbidden, RuleViolated, deciderSpec, type Actor } from '@b2b/kernel';
import { productDecider, type ProductCommand, type ProductDetails, type ProductEvent } from './product.decider.js';

const given = deciderSpec(productDecider);
const now = new Date('2026-02-02T10:00:00.000Z');
const admin: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000001', companyId: 'aaaaaaaa-0000-4000-8000-000000000001', roles: ['supplier-admin'] };
const sales: Actor = { ...admin, roles: ['sales'] };
const bolt: ProductDetails = { sku: 'BOLT-M8', typeNumber: 'DIN 933 M8x40', name: 'Hex bolt M8x40', description: 'Zinc plated', category: 'fasteners', unit: 'piece', listPrice: '0.50', currency: 'EUR' };
const list = (by: Actor, details: ProductDetails = bolt): ProductCommand => ({ type: 'ListProduct', data: details, meta: { by, now } });
const listed: ProductEvent = { type: 'ProductListed', data: { ...bolt, by: { userId: admin.userId, companyId: admin.companyId, role: 'supplier-admin' }, at: now.toISOString() } };

describe('product decider', () => {
  it('lists a product with who and when', () => given([]).when(list(admin)).then([listed]));
  it('refuses a SKU listed before', () => given([listed]).when(list(admin)).thenThrows(Conflict, 'PRODUCT.SKU_TAKEN'));
  it('refuses anyone but the supplier admin', () => given([]).when(list(sales)).thenThrows(Forbidden));
  it('refuses a zero list price', () => given([]).when(list(admin, { ...bolt, listPrice: '0.00' })).thenThrows(RuleViolated));
});
