import { DAY_PATTERN, Invalid, isCalendarDay } from '@b2b/kernel';

/** A calendar day, `YYYY-MM-DD` (the kernel's). Days are UTC days throughout the delivery service. */
export { DAY_PATTERN };
const DAY_MS = 86_400_000;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7] as const;

/** The agreement's delivery terms (agreements.AgreementActivated `deliveryTerms`). */
export interface DeliveryTerms {
  readonly leadTimeDays: number;
  /** ISO weekdays the supplier delivers on: 1 = Monday … 7 = Sunday. Empty: any day. */
  readonly deliveryWeekdays: readonly number[];
}

/** What the promise was computed from: recorded on the event, so the trail shows why the date is what it is. */
export interface PromiseInputs extends DeliveryTerms {
  readonly requestedDeliveryDate: string;
  /** The UTC day the order was approved. */
  readonly approvedOn: string;
}

export interface PromisedDate {
  readonly promisedDate: string;
  /** max(requested date, approval day + lead time): the promise is the first delivery weekday from here. */
  readonly earliestDate: string;
}

export const isDay = (value: string): boolean => isCalendarDay(value); // 2026-02-30 is not a day

/** The UTC calendar day of an ISO date or date-time. */
export const dayOf = (iso: string | Date): string => {
  if (typeof iso === 'string' && DAY_PATTERN.test(iso)) return iso;
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(at.getTime())) throw new Invalid('DELIVERY.INVALID_DATE', `${String(iso)} is not a date`);
  return at.toISOString().slice(0, 10);
};

export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (day: string): number => {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
};

/** The rule of issue 5: the first delivery weekday of the agreement on or after
 *  max(requestedDeliveryDate, approval day + leadTimeDays). An agreement without delivery weekdays delivers any day. */
export const promiseDate = (inputs: PromiseInputs): PromisedDate => {
  const { requestedDeliveryDate, approvedOn, leadTimeDays, deliveryWeekdays } = inputs;
  if (!isDay(requestedDeliveryDate) || !isDay(approvedOn)) throw new Invalid('DELIVERY.INVALID_DATE', `dates must be YYYY-MM-DD (got ${requestedDeliveryDate}, ${approvedOn})`);
  if (!Number.isInteger(leadTimeDays) || leadTimeDays < 0) throw new Invalid('DELIVERY.INVALID_TERMS', `lead time must be a whole number of days ≥ 0 (got ${leadTimeDays})`);
  if (deliveryWeekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) throw new Invalid('DELIVERY.INVALID_TERMS', `delivery weekdays are 1 (Monday) to 7 (Sunday), got ${deliveryWeekdays.join(',')}`);
  const byLeadTime = addDays(approvedOn, leadTimeDays);
  const earliestDate = requestedDeliveryDate > byLeadTime ? requestedDeliveryDate : byLeadTime;
  const weekdays = new Set<number>(deliveryWeekdays.length > 0 ? deliveryWeekdays : EVERY_DAY);
  let day = earliestDate;
  while (!weekdays.has(isoWeekday(day))) day = addDays(day, 1); // at most six steps: every weekday is 1..7
  return { promisedDate: day, earliestDate };
};
