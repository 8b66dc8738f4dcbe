import { describe, it, expect } from '@jest/globals';
import { contractUnitPrice, inForce } from './price-resolution.js';

const bolt = { unitPrice: '0.42', tiers: [{ minQty: 100, unitPrice: '0.38' }, { minQty: 1000, unitPrice: '0.31' }] };

describe('contract price resolution', () => {
  it('uses the base price below the first tier', () => expect(contractUnitPrice(bolt, 99)).toBe('0.42'));
  it('uses a tier from its minimum quantity on (the boundary is inclusive)', () => expect(contractUnitPrice(bolt, 100)).toBe('0.38'));
  it('uses the highest tier reached', () => {
    expect(contractUnitPrice(bolt, 999)).toBe('0.38');
    expect(contractUnitPrice(bolt, 1000)).toBe('0.31');
  });
  it('has validity from inclusive, to exclusive', () => {
    expect(inForce('2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(inForce('2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', new Date('2026-07-01T00:00:00Z'))).toBe(false);
  });
});
