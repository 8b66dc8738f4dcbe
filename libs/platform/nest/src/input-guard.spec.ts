import { describe, it, expect } from '@jest/globals';
import { Invalid } from '@b2b/kernel';
import { checkJsonInput, checkUrlInput, MAX_JSON_DEPTH } from './input-guard.js';

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

describe('checkJsonInput: prototype keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key by name, however deep', (key) => {
    const body = JSON.parse(`{"lines":[{"${key}":{"isAdmin":true},"sku":"A"}]}`) as unknown;
    expect(() => checkJsonInput(body)).toThrow(`body.lines[0].${key}: the key "${key}" is not allowed`);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });
});

describe('checkUrlInput', () => {
  it('accepts ordinary paths and queries, including encoded UTF-8 and plus signs', () => {
    expect(() => checkUrlInput('/api/catalog/search?q=Schraube+M8%20%F0%9F%94%A9&limit=5&flag')).not.toThrow();
    expect(() => checkUrlInput('/api/products/M%C3%BCller')).not.toThrow();
  });
  it('names the query parameter holding a NUL, a lone surrogate or bad encoding', () => {
    expect(() => checkUrlInput('/api/catalog/search?q=a%00b')).toThrow('query.q: contains a NUL character');
    expect(() => checkUrlInput('/api/catalog/search?q=%ED%A0%80')).toThrow(/query\.q: .* not valid percent-encoded UTF-8/);
    expect(() => checkUrlInput('/api/catalog/search?limit=1&q=%E0%A4%A')).toThrow(/query\.q/);
    expect(() => checkUrlInput('/api/catalog/search?a%00=1')).toThrow(/query \(a parameter name\)/);
  });
  it('refuses a NUL or bad encoding in the path', () => {
    expect(() => checkUrlInput('/api/products/a%00b')).toThrow('path: contains a NUL character');
    expect(() => checkUrlInput('/api/products/%E0%A4%A')).toThrow(Invalid);
  });
});
