import Big from 'big.js';
import { Invalid } from './errors.js';

/** A decimal amount as text: up to 15 integer and 4 fraction digits, optional minus sign. */
export const DECIMAL_PATTERN = /^-?\d{1,15}(\.\d{1,4})?$/;

export const isDecimal = (value: unknown): value is string => typeof value === 'string' && DECIMAL_PATTERN.test(value);

/** Exact decimal arithmetic for money (big.js); amounts travel as strings, never floats. */
export class Money {
  private constructor(
    private readonly amount: Big,
    readonly currency: string,
  ) {}

  static of(amount: string, currency: string): Money {
    if (!DECIMAL_PATTERN.test(amount)) throw new Invalid('MONEY.INVALID_AMOUNT', `"${amount}" is not a decimal amount`);
    if (!/^[A-Z]{3}$/.test(currency)) throw new Invalid('MONEY.INVALID_CURRENCY', `"${currency}" is not an ISO 4217 currency code`);
    return new Money(new Big(amount), currency);
  }

  static zero(currency: string): Money {
    return Money.of('0', currency);
  }

  plus(other: Money): Money {
    this.sameCurrency(other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }

  times(quantity: number | string): Money {
    return new Money(this.amount.times(quantity), this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.sameCurrency(other);
    return this.amount.cmp(other.amount);
  }

  isPositive(): boolean {
    return this.amount.gt(0);
  }

  /** Rounded half-up to `dp` places (2 for invoice amounts), as a plain decimal string. */
  toFixed(dp = 2): string {
    return this.amount.toFixed(dp);
  }

  toString(): string {
    return this.amount.toString();
  }

  private sameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new Invalid('MONEY.CURRENCY_MISMATCH', `cannot combine ${this.currency} with ${other.currency}`);
    }
  }
}

/** Compares two decimal strings exactly. */
export const compareDecimal = (a: string, b: string): -1 | 0 | 1 => new Big(a).cmp(new Big(b));
