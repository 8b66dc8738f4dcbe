import { describe, it, expect } from '@jest/globals';
import { Invalid } from '@b2b/kernel';
import { checkJsonInput, MAX_JSON_DEPTH } from './input-guard.js';

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });

describe('checkJsonInput', () => {
  it('accepts ordinary JSON, including emoji (paired surrogates)', () => {
    expect(() => checkJsonInput({ name: 'Schraube M8 🔩', lines: [{ sku: 'A-1', quantity: 3 }] })).not.toThrow();
  });
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(() => checkJsonInput(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => checkJsonInput(nested(MAX_JSON_DEPTH + 1))).toThrow(Invalid);
  });
  it('refuses a few KB of nesting without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(5000) + ']'.repeat(5000)) as unknown;
    expect(() => checkJsonInput(deep)).toThrow(/nested deeper/);
  });
  it('names the field holding a NUL character', () => {
    expect(() => checkJsonInput({ lines: [{ sku: 'a\u0000b' }] })).toThrow('body.lines[0].sku: contains a NUL character');
  });
  it('refuses lone surrogates, in values and in keys', () => {
    expect(() => checkJsonInput({ name: 'x\uD800' })).toThrow(/unpaired/);
    expect(() => checkJsonInput({ ['\uDC00']: 1 })).toThrow(/a key/);
  });
});
