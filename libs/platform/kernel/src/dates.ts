/** A calendar month as text, `YYYY-MM` (budget, OTIF and invoicing periods). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isCalendarMonth = (value: unknown): value is string => typeof value === 'string' && MONTH_PATTERN.test(value) && !value.startsWith('0000');

/** A calendar day as text, `YYYY-MM-DD` (UTC days throughout the platform). */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// A day, optionally followed by a time of day and a zone (Z or ±hh:mm): the forms clients send.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2})))?$/;

/** True for a day that exists: `2026-02-28` yes, `2026-02-30` and `2026-13-01` no (JavaScript's Date
 *  would roll them over into March or refuse them). Years 0001–9999. */
export const isCalendarDay = (value: unknown): value is string => {
  if (typeof value !== 'string' || !DAY_PATTERN.test(value) || value.startsWith('0000')) return false;
  const at = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
};

/** True for an ISO-8601 day (`2026-03-01`, read as the start of that UTC day) or date-time with a zone
 *  (`2026-03-01T10:00:00Z`, `…+02:00`) whose day and time exist. A time without a zone is refused: it
 *  would be read in the server's local time. Week dates, ordinal dates and basic formats are refused. */
export const isTimestamp = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const match = TIMESTAMP.exec(value);
  if (!match || !isCalendarDay(match[1])) return false;
  const [hours, minutes, seconds, , offsetHours, offsetMinutes] = match.slice(2).map((part) => (part === undefined || part === 'Z' ? 0 : Number(part)));
  if (hours! > 23 || minutes! > 59 || seconds! > 59 || offsetHours! > 23 || offsetMinutes! > 59) return false;
  return !Number.isNaN(Date.parse(value));
};
