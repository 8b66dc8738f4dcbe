import { describe, expect, it } from '@jest/globals';
import { Invalid, RuleViolated, deciderSpec } from '@b2b/kernel';
import { fiona, fionaRef } from '../invoice/invoicing.builders.js';
import { nextPeriod, periodBounds, periodOf } from './period.js';
import { periodCloseDecider, type PeriodCloseCommand } from './period-close.decider.js';

const given = deciderSpec(periodCloseDecider);
const close = (period: string, now = new Date('2026-04-01T00:00:00.000Z')): PeriodCloseCommand => ({ type: 'ClosePeriod', data: { period, by: fionaRef }, meta: { by: fiona, now } });
const closed = { type: 'InvoicingPeriodClosed' as const, data: { period: '2026-03', by: fionaRef, at: '2026-04-01T00:00:00.000Z' } };

describe('closing an invoicing period', () => {
  it('closes an ended month once; closing again records nothing', () => {
    given([]).when(close('2026-03')).then([closed]);
    given([closed]).when(close('2026-03')).then([]);
  });
  it('refuses a month that has not ended, or is not a month', () => {
    given([]).when(close('2026-03', new Date('2026-03-31T23:59:59.999Z'))).thenThrows(RuleViolated, 'PERIOD.NOT_ENDED');
    given([]).when(close('2026-13')).thenThrows(Invalid, 'PERIOD.INVALID');
  });
  it('knows months in UTC', () => {
    expect(periodOf('2026-03-31T23:30:00.000Z')).toBe('2026-03');
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(periodBounds('2024-02')).toEqual({ startDate: '2024-02-01', endDate: '2024-02-29' });
  });
});
