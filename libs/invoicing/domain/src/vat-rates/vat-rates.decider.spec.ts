import { describe, it } from '@jest/globals';
import { Invalid, deciderSpec } from '@b2b/kernel';
import { T0, fiona, fionaRef } from '../invoice/invoicing.builders.js';
import { vatRatesDecider, type VatRatesCommand } from './vat-rates.decider.js';

const given = deciderSpec(vatRatesDecider);
const set = (category: string, rate: string): VatRatesCommand => ({ type: 'SetVatRate', data: { category, rate, by: fionaRef }, meta: { by: fiona, now: T0 } });
const wasSet = (category: string, rate: string) => ({ type: 'VatRateSet' as const, data: { category, rate, by: fionaRef, at: T0.toISOString() } });

describe('VAT rates per category', () => {
  it('sets a rate, normalised; the same rate again records nothing', () => {
    given([]).when(set('books', '7.00')).then([wasSet('books', '7')]);
    given([wasSet('books', '7')]).when(set('books', '7')).then([]);
    given([wasSet('books', '7')]).when(set('books', '5.5')).then([wasSet('books', '5.5')]);
  });
  it('refuses rates outside 0–100 or finer than cents', () => {
    given([]).when(set('books', '101')).thenThrows(Invalid, 'VAT.INVALID_RATE');
    given([]).when(set('books', '-1')).thenThrows(Invalid, 'VAT.INVALID_RATE');
    given([]).when(set('books', '7.125')).thenThrows(Invalid, 'VAT.INVALID_RATE');
    given([]).when(set(' ', '7')).thenThrows(Invalid, 'VAT.INVALID_CATEGORY');
  });
});
