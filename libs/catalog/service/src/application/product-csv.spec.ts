import { describe, it, expect } from '@jest/globals';
import { Invalid, RuleViolated } from '@b2b/kernel';
import { parseCsv, readProductCsv } from './product-csv.js';

const HEADER = 'sku,typeNumber,name,description,category,unit,listPrice,currency,documents,active';

const refusal = (text: string): RuleViolated => {
  try {
    readProductCsv(text);
  } catch (error: unknown) {
    if (error instanceof RuleViolated) return error;
    throw error;
  }
  throw new Error('the file was accepted');
};

describe('CSV records', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF and a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });
  it('refuses an unclosed quote with its line', () => expect(() => parseCsv('a\n"open')).toThrow(/line 2/));
});

describe('product CSV', () => {
  it('reads products with documents and the active flag', () => {
    const rows = readProductCsv(`${HEADER}\nBOLT-M8,DIN 933 M8x40,Hex bolt,"Zinc plated, 8.8",fasteners,piece,0.50,EUR,"CE|https://d.example/ce.pdf; Sheet|https://d.example/s.pdf",\nNUT-M8,DIN 934 M8,Nut,,fasteners,piece,0.07,EUR,,no\n`);
    expect(rows).toEqual([
      { sku: 'BOLT-M8', typeNumber: 'DIN 933 M8x40', name: 'Hex bolt', description: 'Zinc plated, 8.8', category: 'fasteners', unit: 'piece', listPrice: '0.50', currency: 'EUR',
        documents: [{ name: 'CE', url: 'https://d.example/ce.pdf' }, { name: 'Sheet', url: 'https://d.example/s.pdf' }], active: true },
      { sku: 'NUT-M8', typeNumber: 'DIN 934 M8', name: 'Nut', description: '', category: 'fasteners', unit: 'piece', listPrice: '0.07', currency: 'EUR', documents: [], active: false },
    ]);
  });

  it('names every bad row by line and SKU, and accepts none', () => {
    const error = refusal(`${HEADER}\nBOLT-M8,T1,Bolt,,fasteners,piece,0.50,EUR,,\nNUT-M8,T2,Nut,,fasteners,piece,1.2.3,EUR,,\nBOLT-M8,T3,Bolt again,,fasteners,piece,0.40,EUR,,\nWASHER,T4,Washer,,fasteners,piece,0,EUR,,maybe\n`);
    expect(error.code).toBe('IMPORT.INVALID_ROWS');
    expect(error.message).toMatch(/nothing was imported: 3 of 4 rows are invalid; the first is line 3 \(SKU NUT-M8\): listPrice must be a decimal/);
    expect(error.details).toEqual([
      { row: 3, sku: 'NUT-M8', message: expect.stringMatching(/listPrice/) },
      { row: 4, sku: 'BOLT-M8', message: 'SKU BOLT-M8 is also on line 2' },
      { row: 5, sku: 'WASHER', message: expect.stringMatching(/active must be true or false/) },
    ]);
  });

  it('checks business rules per row (a zero price) and documents', () => {
    expect(refusal(`${HEADER}\nW,T,Washer,,fasteners,piece,0.00,EUR,,`).details).toEqual([{ row: 2, sku: 'W', message: 'listPrice must be positive' }]);
    expect(refusal(`${HEADER}\nW,T,Washer,,fasteners,piece,1,EUR,no-url-here,`).details?.[0]).toMatchObject({ row: 2, message: expect.stringMatching(/name\|https:\/\/url/) });
    expect(refusal(`${HEADER}\nW,T,Washer,,fasteners,piece,1,EUR,CE|ftp://x,`).details?.[0]).toMatchObject({ row: 2, message: expect.stringMatching(/http\(s\) URL/) });
  });

  it('counts fields per line', () => {
    expect(refusal(`${HEADER}\nW,T,Washer`).details).toEqual([{ row: 2, sku: 'W', message: 'expected 10 fields, found 3' }]);
  });

  it('refuses files that are not product CSVs with 400', () => {
    expect(() => readProductCsv('')).toThrow(Invalid);
    expect(() => readProductCsv('sku,name\nA,B')).toThrow(/missing columns: typeNumber/);
    expect(() => readProductCsv(`${HEADER},colour\n`)).toThrow(/unknown columns: colour/);
    expect(() => readProductCsv(`${HEADER}\n`)).toThrow(/no products/);
  });
});
