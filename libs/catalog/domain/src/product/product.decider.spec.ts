import { describe, it } from '@jest/globals';
import { Conflict, Forbidden, NotFound, RuleViolated, deciderSpec, type Actor } from '@b2b/kernel';
import { productDecider, type ProductCommand, type ProductDetails, type ProductEvent } from './product.decider.js';

const given = deciderSpec(productDecider);
const now = new Date('2026-02-02T10:00:00.000Z');
const admin: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000001', companyId: 'aaaaaaaa-0000-4000-8000-000000000001', roles: ['supplier-admin'] };
const sales: Actor = { ...admin, roles: ['sales'] };
const stamp = { by: { userId: admin.userId, companyId: admin.companyId, role: 'supplier-admin' as const }, at: now.toISOString() };
const bolt: ProductDetails = {
  sku: 'BOLT-M8', typeNumber: 'DIN 933 M8x40', name: 'Hex bolt M8x40', description: 'Zinc plated', category: 'fasteners', unit: 'piece', listPrice: '0.50', currency: 'EUR',
  documents: [{ name: 'CE declaration', url: 'https://docs.example/ce.pdf' }],
};
const cmd = <T extends ProductCommand['type']>(type: T, data: Extract<ProductCommand, { type: T }>['data'], by: Actor = admin): ProductCommand =>
  ({ type, data, meta: { by, now } }) as ProductCommand;
const listed: ProductEvent = { type: 'ProductListed', data: { ...bolt, ...stamp } };
const deactivated: ProductEvent = { type: 'ProductDeactivated', data: { sku: bolt.sku, reason: 'discontinued', ...stamp } };

describe('product decider', () => {
  it('lists a product with who and when', () => given([]).when(cmd('ListProduct', bolt)).then([listed]));
  it('refuses a SKU listed before', () => given([listed]).when(cmd('ListProduct', bolt)).thenThrows(Conflict, 'PRODUCT.SKU_TAKEN'));
  it('refuses anyone but the supplier admin', () => given([]).when(cmd('ListProduct', bolt, sales)).thenThrows(Forbidden));
  it('refuses a zero list price', () => given([]).when(cmd('ListProduct', { ...bolt, listPrice: '0.00' })).thenThrows(RuleViolated, 'PRODUCT.INVALID_PRICE'));
  it('refuses a document named twice', () =>
    given([]).when(cmd('ListProduct', { ...bolt, documents: [...bolt.documents, ...bolt.documents] })).thenThrows(RuleViolated, 'PRODUCT.DUPLICATE_DOCUMENT'));
  it('reads a listing stored before documents existed as one without documents', () => {
    const { documents: _d, ...old } = bolt;
    given([{ type: 'ProductListed', data: { ...old, ...stamp } } as unknown as ProductEvent]).when(cmd('ReviseProduct', { ...bolt, documents: [] })).then([]);
  });

  it('revises a product with the full new details', () =>
    given([listed]).when(cmd('ReviseProduct', { ...bolt, listPrice: '0.55' })).then([{ type: 'ProductRevised', data: { ...bolt, listPrice: '0.55', ...stamp } }]));
  it('records nothing when a revision changes nothing (0.5 equals 0.50)', () => given([listed]).when(cmd('ReviseProduct', { ...bolt, listPrice: '0.5' })).then([]));
  it('refuses to revise an unknown SKU', () => given([]).when(cmd('ReviseProduct', bolt)).thenThrows(NotFound));

  it('imports a new SKU as a listing and a known one as a revision', () => {
    given([]).when(cmd('ImportProduct', { ...bolt, active: true })).then([listed]);
    given([listed]).when(cmd('ImportProduct', { ...bolt, name: 'Hex bolt', active: true })).then([{ type: 'ProductRevised', data: { ...bolt, name: 'Hex bolt', ...stamp } }]);
    given([listed]).when(cmd('ImportProduct', { ...bolt, active: true })).then([]);
  });
  it('imports the active flag', () => {
    given([]).when(cmd('ImportProduct', { ...bolt, active: false })).then([listed, { ...deactivated, data: { ...deactivated.data, reason: 'import' } }]);
    given([listed, deactivated]).when(cmd('ImportProduct', { ...bolt, active: true })).then([{ type: 'ProductReactivated', data: { sku: bolt.sku, ...stamp } }]);
  });

  it('deactivates and reactivates, each once', () => {
    given([listed]).when(cmd('DeactivateProduct', { sku: bolt.sku, reason: 'discontinued' })).then([deactivated]);
    given([listed, deactivated]).when(cmd('DeactivateProduct', { sku: bolt.sku, reason: 'again' })).thenThrows(Conflict, 'PRODUCT.ALREADY_INACTIVE');
    given([listed, deactivated]).when(cmd('ReactivateProduct', { sku: bolt.sku })).then([{ type: 'ProductReactivated', data: { sku: bolt.sku, ...stamp } }]);
    given([listed]).when(cmd('ReactivateProduct', { sku: bolt.sku })).thenThrows(Conflict, 'PRODUCT.ALREADY_ACTIVE');
  });
});
