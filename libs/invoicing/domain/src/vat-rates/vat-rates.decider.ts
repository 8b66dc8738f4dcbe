import Big from 'big.js';
import { Invalid, assertNever, isDecimal, type ActorRef, type Command, type Decider } from '@b2b/kernel';

/** VAT rates in percent per product category, set by the supplier's finance staff; categories without
 *  a rate use the configured default. One stream for the supplier. */
export type VatRatesEvent = { type: 'VatRateSet'; data: { category: string; rate: string; by: ActorRef; at: string } };

export type VatRatesCommand = Command<'SetVatRate', { category: string; rate: string; by: ActorRef }>;

export type VatRates = { readonly rates: Readonly<Record<string, string>> };

/** A rate as a percent: 0 to 100, up to two decimals ("19", "7", "5.5"). */
export const assertVatRate = (rate: string): string => {
  if (!isDecimal(rate) || new Big(rate).lt(0) || new Big(rate).gt(100) || new Big(rate).round(2).cmp(new Big(rate)) !== 0) {
    throw new Invalid('VAT.INVALID_RATE', `rate must be a percent between 0 and 100 with at most two decimals, got "${rate}"`);
  }
  return new Big(rate).toString();
};

const decide = (command: VatRatesCommand, state: VatRates): VatRatesEvent[] => {
  switch (command.type) {
    case 'SetVatRate': {
      const category = command.data.category.trim();
      if (category === '') throw new Invalid('VAT.INVALID_CATEGORY', 'category must not be empty');
      const rate = assertVatRate(command.data.rate);
      if (state.rates[category] === rate) return [];
      return [{ type: 'VatRateSet', data: { category, rate, by: command.data.by, at: command.meta.now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (state: VatRates, event: VatRatesEvent): VatRates => ({ rates: { ...state.rates, [event.data.category]: event.data.rate } });

export const vatRatesDecider: Decider<VatRates, VatRatesCommand, VatRatesEvent> = { decide, evolve, initialState: () => ({ rates: {} }) };

export const VAT_RATES_STREAM = 'invoicing-vat-rates';
