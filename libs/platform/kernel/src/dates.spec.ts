import { describe, it, expect } from '@jest/globals';
import { isCalendarDay, isCalendarMonth, isTimestamp } from './dates.js';

describe('isCalendarDay', () => {
  it.each(['2026-02-28', '2024-02-29', '2026-12-31', '0001-01-01'])('accepts %s', (day) => expect(isCalendarDay(day)).toBe(true));
  it.each(['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '0000-01-01', '2026-1-1', '20260228', '2026-02-28T00:00:00Z', '', 20260228, null])(
    'refuses %p', (day) => expect(isCalendarDay(day)).toBe(false));
});

describe('isTimestamp', () => {
  it.each(['2026-03-01', '2026-03-01T10:00Z', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00.123Z', '2026-03-01T23:59:59+02:00', '2026-03-01T00:00:00-05:30'])(
    'accepts %s', (at) => expect(isTimestamp(at)).toBe(true));
  it.each([
    '2026-02-30T10:00:00Z', '2026-02-28T24:00:00Z', '2026-02-28T25:00:00Z', '2026-02-28T23:60:00Z', '2026-02-28T23:59:60Z',
    '2026-02-28T10:00:00', '2026-02-28 10:00Z', '2026-W05', '2026-059', '20260228', '2026-02', '2026', 'tomorrow', 1_700_000_000_000,
  ])('refuses %p', (at) => expect(isTimestamp(at)).toBe(false));
});

describe('isCalendarMonth', () => {
  it.each(['2026-01', '2026-12'])('accepts %s', (month) => expect(isCalendarMonth(month)).toBe(true));
  it.each(['2026-00', '2026-13', '0000-01', '2026-1', '2026-01-01', 202601])('refuses %p', (month) => expect(isCalendarMonth(month)).toBe(false));
});
