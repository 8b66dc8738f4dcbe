import { describe, it, expect } from '@jest/globals';
import { routeOf } from './routes.js';

describe('gateway routes', () => {
  it.each([
    ['/api/auth/token', 'agreements'], ['/api/companies/x/users', 'agreements'], ['/api/agreements/1/sign', 'agreements'],
    ['/api/products', 'catalog'], ['/api/catalog/search?q=bolt', 'catalog'], ['/api/orders/1/trail', 'ordering'],
    ['/api/approvals/inbox', 'approvals'], ['/api/deliveries?orderId=1', 'delivery'], ['/api/invoices/1/ubl', 'invoicing'],
    ['/api/invoicing/close', 'invoicing'],
  ])('routes %s to %s', (path, service) => expect(routeOf(path)).toBe(service));
  it('routes nothing else', () => {
    expect(routeOf('/api/unknown')).toBeNull();
    expect(routeOf('/other')).toBeNull();
    expect(routeOf('/api/constructor')).toBeNull();
  });
});
