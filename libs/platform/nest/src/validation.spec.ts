import 'reflect-metadata';
import { describe, it, expect } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, Min, validateSync } from 'class-validator';
import { IsDay, IsTimestamp, NestedArray, NestedObject, validationMessages } from './validation.js';

class Line {
  @IsString() readonly sku!: string;
  @IsInt() @Min(1) readonly quantity!: number;
}
class Policy {
  @NestedArray(() => Line, { max: 5 }) readonly levels!: Line[];
}
class Order {
  @NestedArray(() => Line, { min: 1, max: 10 }) readonly lines!: Line[];
  @NestedObject(() => Policy) readonly policy!: Policy;
  @IsDay() readonly day!: string;
  @IsTimestamp() readonly at!: string;
}

const messages = (plain: object): string[] =>
  validationMessages(validateSync(plainToInstance(Order, plain), { whitelist: true, forbidNonWhitelisted: true }));
const valid = { lines: [{ sku: 'A', quantity: 1 }], policy: { levels: [] }, day: '2026-03-01', at: '2026-03-01T10:00:00Z' };

describe('request validation', () => {
  it('accepts a valid request', () => expect(messages(valid)).toEqual([]));
  it('names nested fields by their path', () => {
    expect(messages({ ...valid, lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 0 }] })).toEqual(['lines[1].quantity must not be less than 1']);
    expect(messages({ ...valid, lines: [{ sku: 'A', quantity: 1, price: 1 }] })).toEqual(['property lines[0].price should not exist']);
  });
  it('refuses arrays, primitives and nulls where an object is expected', () => {
    expect(messages({ ...valid, lines: [[]] })).toEqual(['lines[0] must be an object']);
    expect(messages({ ...valid, lines: [{ sku: 'A', quantity: 1 }, 7] })).toEqual(['lines[1] must be an object']);
    expect(messages({ ...valid, policy: [] })).toEqual(['policy must be an object']);
    expect(messages({ ...valid, policy: null })).toEqual(['policy must be an object']);
    const { policy: _policy, ...missing } = valid;
    expect(messages(missing)).toEqual(['policy must be an object']);
  });
  it('refuses days and times that do not exist, naming the field', () => {
    expect(messages({ ...valid, day: '2026-02-30' })).toEqual(['day must be a calendar day like 2026-03-01']);
    expect(messages({ ...valid, at: '2026-02-30T10:00:00Z' })).toEqual([expect.stringMatching(/^at must be a calendar day .* or a date-time with a zone/)]);
  });
});
