import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Invalid } from '@b2b/kernel';
import { addDays, dayOf, isDay, isoWeekday, promiseDate, type PromiseInputs } from './promised-date.js';

// March 2026: Sunday 1, Monday 2, Tuesday 3, … Friday 6, Saturday 7, Sunday 8, Monday 9, Tuesday 10.
const TUE_THU = [2, 4];
const WEEKDAYS = [1, 2, 3, 4, 5];
const promise = (inputs: Partial<PromiseInputs> & Pick<PromiseInputs, 'approvedOn'>): string =>
  promiseDate({ requestedDeliveryDate: '2026-03-01', leadTimeDays: 2, deliveryWeekdays: WEEKDAYS, ...inputs }).promisedDate;

describe('calendar days', () => {
  it('numbers weekdays the ISO way: Monday 1 … Sunday 7', () => {
    expect(['2026-03-02', '2026-03-06', '2026-03-07', '2026-03-08'].map(isoWeekday)).toEqual([1, 5, 6, 7]);
  });
  it('takes the UTC day of a date-time', () => {
    expect(dayOf('2026-03-06T23:30:00.000Z')).toBe('2026-03-06');
    expect(dayOf('2026-03-06T23:30:00.000-02:00')).toBe('2026-03-07');
    expect(dayOf('2026-03-06')).toBe('2026-03-06');
  });
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
  it('knows a real day from a look-alike', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-3-1')).toBe(false);
  });
});

describe('promised date: first delivery weekday on or after max(requested date, approval day + lead time)', () => {
  it('approved on a Friday with Tuesday/Thursday deliveries: lead time ends on Sunday, promised the Tuesday after', () =>
    expect(promiseDate({ requestedDeliveryDate: '2026-03-01', approvedOn: '2026-03-06', leadTimeDays: 2, deliveryWeekdays: TUE_THU }))
      .toEqual({ promisedDate: '2026-03-10', earliestDate: '2026-03-08' }));
  it('a lead time crossing the weekend lands on Monday', () => expect(promise({ approvedOn: '2026-03-06', leadTimeDays: 3 })).toBe('2026-03-09'));
  it('a lead time ending on Saturday moves to Monday with weekday deliveries', () => expect(promise({ approvedOn: '2026-03-05', leadTimeDays: 2 })).toBe('2026-03-09'));
  it('counts calendar days, not working days', () => expect(promise({ approvedOn: '2026-03-02', leadTimeDays: 7 })).toBe('2026-03-09'));
  it('keeps a requested date later than the lead time, when it is itself a delivery day', () =>
    expect(promiseDate({ requestedDeliveryDate: '2026-03-12', approvedOn: '2026-03-02', leadTimeDays: 2, deliveryWeekdays: TUE_THU }))
      .toEqual({ promisedDate: '2026-03-12', earliestDate: '2026-03-12' }));
  it('moves a requested date that is no delivery day to the next delivery day', () =>
    expect(promise({ requestedDeliveryDate: '2026-03-13', approvedOn: '2026-03-02', deliveryWeekdays: TUE_THU })).toBe('2026-03-17'));
  it('ignores a requested date earlier than the lead time allows', () =>
    expect(promise({ requestedDeliveryDate: '2026-03-03', approvedOn: '2026-03-02', leadTimeDays: 5, deliveryWeekdays: TUE_THU })).toBe('2026-03-10'));
  it('promises the same day with no lead time when the approval day is a delivery day', () =>
    expect(promise({ approvedOn: '2026-03-03', leadTimeDays: 0, deliveryWeekdays: [2] })).toBe('2026-03-03'));
  it('delivers on weekends when the agreement says so', () => {
    expect(promise({ approvedOn: '2026-03-02', leadTimeDays: 1, deliveryWeekdays: [6, 7] })).toBe('2026-03-07');
    expect(promise({ approvedOn: '2026-03-08', leadTimeDays: 0, deliveryWeekdays: [7] })).toBe('2026-03-08');
    expect(promise({ approvedOn: '2026-03-08', leadTimeDays: 1, deliveryWeekdays: [7] })).toBe('2026-03-15');
  });
  it('with a single delivery weekday waits up to six days', () => expect(promise({ approvedOn: '2026-03-02', leadTimeDays: 1, deliveryWeekdays: [1] })).toBe('2026-03-09'));
  it('does not depend on the order of the weekdays', () =>
    expect(promise({ approvedOn: '2026-03-06', deliveryWeekdays: [4, 2] })).toBe(promise({ approvedOn: '2026-03-06', deliveryWeekdays: [2, 4] })));
  it('crosses a year end', () => expect(promise({ requestedDeliveryDate: '2026-12-01', approvedOn: '2026-12-30', leadTimeDays: 3 })).toBe('2027-01-04'));
  it('delivers any day when the agreement names no weekdays', () => expect(promise({ approvedOn: '2026-03-06', leadTimeDays: 1, deliveryWeekdays: [] })).toBe('2026-03-07'));
  it('refuses impossible terms and dates', () => {
    expect(() => promise({ approvedOn: '2026-03-06', deliveryWeekdays: [0] })).toThrow(Invalid);
    expect(() => promise({ approvedOn: '2026-03-06', deliveryWeekdays: [8] })).toThrow(Invalid);
    expect(() => promise({ approvedOn: '2026-03-06', leadTimeDays: -1 })).toThrow(Invalid);
    expect(() => promise({ approvedOn: '2026-02-30' })).toThrow(Invalid);
  });

  it('always gives the earliest delivery weekday not before either bound (property)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }), fc.integer({ min: -30, max: 60 }), fc.integer({ min: 0, max: 60 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        (approvalOffset, requestedOffset, leadTimeDays, deliveryWeekdays) => {
          const approvedOn = addDays('2025-01-01', approvalOffset);
          const requestedDeliveryDate = addDays(approvedOn, requestedOffset);
          const { promisedDate, earliestDate } = promiseDate({ requestedDeliveryDate, approvedOn, leadTimeDays, deliveryWeekdays });
          expect(earliestDate >= requestedDeliveryDate && earliestDate >= addDays(approvedOn, leadTimeDays)).toBe(true);
          expect(deliveryWeekdays).toContain(isoWeekday(promisedDate));
          for (let day = earliestDate; day < promisedDate; day = addDays(day, 1)) expect(deliveryWeekdays).not.toContain(isoWeekday(day));
        },
      ),
    ));
});
