import { compareDecimal, type CustomerRole } from '@b2b/kernel';

/** A level of an agreement's approval policy: orders whose total is at least `minTotal` need `role`. */
export interface PolicyLevel {
  readonly minTotal: string;
  readonly role: CustomerRole;
}

/** A level an order must pass: its place in the chain (1..n) and the rule that made it required. */
export interface RequiredLevel extends PolicyLevel {
  readonly level: number;
  readonly rule: string;
}

/** "1000" → "1000.00": at least two fraction digits, never fewer than the policy gave. */
const amount = (decimal: string): string => {
  const [whole, fraction = ''] = decimal.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
};

/** The rule in words, for inboxes and the decision trail. */
export const describeLevel = (level: PolicyLevel, currency: string): string => `orders of ${amount(level.minTotal)} ${currency} or more need ${level.role}`;

/** Every level whose minTotal ≤ total (compared exactly, as decimals), in ascending order of minTotal,
 *  numbered 1..n. Levels with the same minTotal keep the policy's order. */
export const requiredLevels = (policy: readonly PolicyLevel[], total: string, currency: string): RequiredLevel[] =>
  policy
    .filter((level) => compareDecimal(level.minTotal, total) <= 0)
    .sort((a, b) => compareDecimal(a.minTotal, b.minTotal))
    .map((level, i) => ({ level: i + 1, minTotal: level.minTotal, role: level.role, rule: describeLevel(level, currency) }));
