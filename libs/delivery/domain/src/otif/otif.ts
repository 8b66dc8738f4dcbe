import { Invalid } from '@b2b/kernel';
import { addDays, dayOf } from '../promised-date/promised-date.js';
import type { DeliveryLine, DeliveryStatus, ReceivedLine } from '../order-deliveries/order-deliveries.events.js';

/** What OTIF needs of a delivery. */
export interface OtifDelivery {
  readonly originalPromisedDate: string;
  readonly status: DeliveryStatus;
  /** When the last of its goods was received (null while anything is open). */
  readonly fullyReceivedAt: string | null;
  readonly lines: readonly DeliveryLine[];
  readonly received: readonly ReceivedLine[];
}

export interface OtifScore {
  /** On time is judged against the date first promised, not against a rescheduled one. */
  readonly onTimeBasis: 'original-promised-date';
  readonly deliveries: number;
  readonly onTime: number;
  readonly inFull: number;
  readonly otif: number;
  /** otif / deliveries, four decimals ("0.0000" without deliveries). */
  readonly otifRate: string;
  /** Deliveries still (partly) open: they count, and are neither on time nor in full yet. */
  readonly open: number;
}

/** On time: fully received on or before the day originally promised (UTC days). */
export const isOnTime = (d: OtifDelivery): boolean => d.status === 'received' && d.fullyReceivedAt !== null && dayOf(d.fullyReceivedAt) <= d.originalPromisedDate;

/** In full: every dispatched quantity received, none of it damaged. */
export const isInFull = (d: OtifDelivery): boolean =>
  d.lines.every((l) => {
    const r = d.received.find((x) => x.sku === l.sku);
    return r !== undefined && r.quantityReceived - r.quantityDamaged >= l.quantity;
  });

/** A delivery is late once its (current) promised day has passed and its goods are not all received. */
export const isLate = (d: { readonly promisedDate: string; readonly status: DeliveryStatus }, now: Date): boolean =>
  d.status !== 'received' && d.status !== 'cancelled' && dayOf(now) > d.promisedDate;

const rate = (count: number, of: number): string => {
  if (of === 0) return '0.0000';
  const tenThousandths = Math.round((count * 10_000) / of);
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;
};

/** OTIF over a set of deliveries (those promised in the period asked for); a delivery cancelled with its
 *  order promised nothing any more and does not count. */
export const otifScore = (all: readonly OtifDelivery[]): OtifScore => {
  const deliveries = all.filter((d) => d.status !== 'cancelled');
  const onTime = deliveries.filter(isOnTime);
  const inFull = deliveries.filter(isInFull);
  const otif = deliveries.filter((d) => isOnTime(d) && isInFull(d)).length;
  return {
    onTimeBasis: 'original-promised-date', deliveries: deliveries.length, onTime: onTime.length, inFull: inFull.length, otif, otifRate: rate(otif, deliveries.length),
    open: deliveries.filter((d) => d.status !== 'received').length,
  };
};

/** The first and last day of a `YYYY-MM` period. */
export const periodDays = (period: string): { readonly from: string; readonly to: string } => {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) throw new Invalid('DELIVERY.INVALID_PERIOD', `period must be YYYY-MM (got ${period})`);
  const from = `${period}-01`;
  const next = Number(match[2]) === 12 ? `${Number(match[1]) + 1}-01-01` : `${match[1]}-${String(Number(match[2]) + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
};
