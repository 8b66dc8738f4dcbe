import { describe, expect, it } from '@jest/globals';
import { Invalid } from '@b2b/kernel';
import { isInFull, isLate, isOnTime, otifScore, periodDays, type OtifDelivery } from './otif.js';

const LINES = [{ sku: 'A', quantity: 10 }, { sku: 'B', quantity: 5 }];
const delivery = (over: Partial<OtifDelivery> = {}): OtifDelivery => ({
  originalPromisedDate: '2026-03-10', status: 'received', fullyReceivedAt: '2026-03-10T16:00:00.000Z', lines: LINES,
  received: [{ sku: 'A', quantityReceived: 10, quantityDamaged: 0 }, { sku: 'B', quantityReceived: 5, quantityDamaged: 0 }], ...over,
});

describe('OTIF', () => {
  it('is on time when fully received on or before the day first promised (a reschedule does not move it)', () => {
    expect(isOnTime(delivery())).toBe(true);
    expect(isOnTime(delivery({ fullyReceivedAt: '2026-03-09T08:00:00.000Z' }))).toBe(true);
    expect(isOnTime(delivery({ fullyReceivedAt: '2026-03-11T00:00:00.000Z' }))).toBe(false);
    expect(isOnTime(delivery({ status: 'partially-received', fullyReceivedAt: null }))).toBe(false);
  });
  it('is in full when every dispatched quantity was received undamaged', () => {
    expect(isInFull(delivery())).toBe(true);
    expect(isInFull(delivery({ received: [{ sku: 'A', quantityReceived: 10, quantityDamaged: 1 }, { sku: 'B', quantityReceived: 5, quantityDamaged: 0 }] }))).toBe(false);
    expect(isInFull(delivery({ status: 'partially-received', received: [{ sku: 'A', quantityReceived: 10, quantityDamaged: 0 }, { sku: 'B', quantityReceived: 4, quantityDamaged: 0 }] }))).toBe(false);
  });
  it('scores a set of deliveries with a four-decimal rate', () => {
    const late = delivery({ fullyReceivedAt: '2026-03-12T10:00:00.000Z' });
    const damaged = delivery({ received: [{ sku: 'A', quantityReceived: 10, quantityDamaged: 2 }, { sku: 'B', quantityReceived: 5, quantityDamaged: 0 }] });
    const open = delivery({ status: 'dispatched', fullyReceivedAt: null, received: [] });
    expect(otifScore([delivery(), late, damaged, open, delivery(), delivery()])).toEqual({
      onTimeBasis: 'original-promised-date', deliveries: 6, onTime: 4, inFull: 4, otif: 3, otifRate: '0.5000', open: 1,
    });
    expect(otifScore([delivery(), delivery(), late]).otifRate).toBe('0.6667');
    expect(otifScore([delivery()]).otifRate).toBe('1.0000');
    expect(otifScore([])).toMatchObject({ deliveries: 0, otif: 0, otifRate: '0.0000' });
  });
  it('calls a delivery late once its promised day passed and its goods are not all received', () => {
    expect(isLate({ promisedDate: '2026-03-10', status: 'dispatched' }, new Date('2026-03-10T23:59:00.000Z'))).toBe(false);
    expect(isLate({ promisedDate: '2026-03-10', status: 'partially-received' }, new Date('2026-03-11T00:00:00.000Z'))).toBe(true);
    expect(isLate({ promisedDate: '2026-03-10', status: 'received' }, new Date('2026-04-01T00:00:00.000Z'))).toBe(false);
  });
  it('reads a period as its first and last day', () => {
    expect(periodDays('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodDays('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(() => periodDays('2026-13')).toThrow(Invalid);
  });
});
