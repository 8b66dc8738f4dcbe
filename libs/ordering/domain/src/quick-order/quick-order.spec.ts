import { describe, it, expect } from '@jest/globals';
import { RuleViolated } from '@b2b/kernel';
import { parseQuickOrder } from './quick-order.js';

describe('quick order lines', () => {
  it('reads "SKU quantity" with spaces, tabs, commas or semicolons, sums repeats, skips blanks and a CSV header', () =>
    expect(parseQuickOrder('sku,quantity\nBOLT-M8 250\n\nNUT-M8\t10\nBOLT-M8;50\r\nTAPE,3')).toEqual([
      { sku: 'BOLT-M8', quantity: 300 }, { sku: 'NUT-M8', quantity: 10 }, { sku: 'TAPE', quantity: 3 },
    ]));
  it('names every bad line and accepts none', () => {
    try {
      parseQuickOrder('BOLT-M8 250\nNUT-M8 ten\njust-a-sku\nTAPE 0');
      throw new Error('accepted');
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(RuleViolated);
      const refused = error as RuleViolated;
      expect(refused.message).toContain('line 2 ("NUT-M8 ten")');
      expect(refused.details).toEqual([
        { line: 2, text: 'NUT-M8 ten', message: expect.stringContaining('whole number') },
        { line: 3, text: 'just-a-sku', message: expect.stringContaining('a SKU and a quantity') },
        { line: 4, text: 'TAPE 0', message: expect.stringContaining('at least 1') },
      ]);
    }
  });
  it('refuses an empty paste', () => expect(() => parseQuickOrder('\n \n')).toThrow(/no lines/));
});
