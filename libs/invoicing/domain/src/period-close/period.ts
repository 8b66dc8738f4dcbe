import { Invalid } from '@b2b/kernel';

/** An invoicing period: a calendar month in UTC, written "YYYY-MM". */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const assertPeriod = (period: string): void => {
  if (!PERIOD_PATTERN.test(period)) throw new Invalid('PERIOD.INVALID', `period must be YYYY-MM, got "${period}"`);
};

/** The month an instant falls in (UTC). */
export const periodOf = (instant: string | Date): string => (typeof instant === 'string' ? new Date(instant) : instant).toISOString().slice(0, 7);

export const nextPeriod = (period: string): string => {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
};

/** First and last day of the period, as dates (UBL InvoicePeriod). */
export const periodBounds = (period: string): { startDate: string; endDate: string } => {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { startDate: `${period}-01`, endDate: `${period}-${String(last).padStart(2, '0')}` };
};

/** The instant the period ends (exclusive). */
export const periodEnd = (period: string): Date => new Date(`${nextPeriod(period)}-01T00:00:00.000Z`);

export const dateOf = (instant: Date): string => instant.toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => dateOf(new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000));
