import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { CUSTOMER_ROLES, compareDecimal } from '@b2b/kernel';
import { describeLevel, requiredLevels, type PolicyLevel } from './approval-policy.js';

/** Decimal strings as money travels: up to 12 integer digits and 0–4 fraction digits. */
const decimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.stringMatching(/^\d{0,4}$/))
  .map(([whole, fraction]) => (fraction === '' ? whole.toString() : `${whole}.${fraction}`));
/** Small amounts too, so that totals and minTotals often meet (ties, equal values written differently). */
const amount = fc.oneof(decimal, fc.constantFrom('0', '0.00', '1000', '1000.00', '1000.0001', '999.9999', '5000', '5000.0'));
const policyLevel: fc.Arbitrary<PolicyLevel> = fc.record({ minTotal: amount, role: fc.constantFrom(...CUSTOMER_ROLES) });
const policy = fc.array(policyLevel, { maxLength: 8 });

describe('approval policy', () => {
  it('requires the levels a total reaches, ascending, numbered from 1', () => {
    const levels: PolicyLevel[] = [{ minTotal: '5000', role: 'finance' }, { minTotal: '1000', role: 'approver' }, { minTotal: '0', role: 'procurement' }];
    expect(requiredLevels(levels, '1000.00', 'EUR')).toEqual([
      { level: 1, minTotal: '0', role: 'procurement', rule: 'orders of 0.00 EUR or more need procurement' },
      { level: 2, minTotal: '1000', role: 'approver', rule: 'orders of 1000.00 EUR or more need approver' },
    ]);
    expect(requiredLevels([], '1000000', 'EUR')).toEqual([]);
  });
  it('keeps the precision the policy gave in the rule', () => expect(describeLevel({ minTotal: '99.995', role: 'finance' }, 'CHF')).toBe('orders of 99.995 CHF or more need finance'));

  it('property: the required levels are exactly those with minTotal ≤ total, in ascending order of minTotal', () =>
    fc.assert(
      fc.property(policy, fc.oneof(amount, policy.chain((p) => (p.length ? fc.constantFrom(...p.map((l) => l.minTotal)) : amount))), (levels, total) => {
        const required = requiredLevels(levels, total, 'EUR');
        const reached = levels.filter((l) => compareDecimal(l.minTotal, total) <= 0);
        expect(required).toHaveLength(reached.length);
        expect(required.map((r) => r.level)).toEqual(required.map((_, i) => i + 1));
        for (let i = 1; i < required.length; i++) expect(compareDecimal(required[i - 1]!.minTotal, required[i]!.minTotal)).toBeLessThanOrEqual(0);
        // the same levels (as a multiset of minTotal and role), nothing added, nothing lost
        const key = (l: PolicyLevel) => `${l.role}@${l.minTotal}`;
        expect(required.map(key).sort()).toEqual(reached.map(key).sort());
      }),
      { numRuns: 500 },
    ));
});
