import Big from 'big.js';
import { compareDecimal } from './money.js';

export interface ContractPrice {
  readonly unitPrice: string;
  readonly tiers: readonly { readonly minQty: number; readonly unitPrice: string }[];
}

/** What the catalog knows of a company's agreement version in force (from agreements.AgreementActivated). */
export interface AgreementPricing {
  readonly agreementId: string;
  readonly version: number;
  readonly currency: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly prices: ReadonlyMap<string, ContractPrice>;
  /** Category → percent off the list price. */
  readonly categoryDiscounts: ReadonlyMap<string, string>;
  readonly assortment: { readonly skus: ReadonlySet<string>; readonly categories: ReadonlySet<string> };
}

export interface PricedProduct {
  readonly sku: string;
  readonly category: string;
  readonly listPrice: string;
  readonly currency: string;
  readonly active: boolean;
}

export type PriceRule = 'contract-tier' | 'contract' | 'category-discount' | 'list-price';

export type PriceResolution =
  | {
      readonly ok: true;
      readonly unitPrice: string;
      readonly currency: string;
      readonly rule: PriceRule;
      /** Which tier applied (contract-tier) and the percent off (category-discount). */
      readonly tierMinQty?: number;
      readonly discountPercent?: string;
      readonly agreementId: string;
      readonly agreementVersion: number;
    }
  | { readonly ok: false; readonly reason: 'no-agreement' | 'not-in-force' | 'inactive' | 'outside-assortment'; readonly message: string };

/** Price rules shared by the catalog (what a company sees) and ordering (what an order is priced at):
 *  both must agree to the cent, so the rules live once, here. */

/** The agreement's unit price for a quantity: the tier with the highest minQty not above the quantity,
 *  else the base price. (Tiers are validated ascending when the agreement is drafted.) */
export const contractUnitPrice = (price: ContractPrice, quantity: number): { unitPrice: string; tierMinQty?: number } => {
  let best: { unitPrice: string; tierMinQty?: number } = { unitPrice: price.unitPrice };
  for (const tier of price.tiers) {
    if (tier.minQty <= quantity && tier.minQty > (best.tierMinQty ?? 0)) best = { unitPrice: tier.unitPrice, tierMinQty: tier.minQty };
  }
  return best;
};

/** Is the agreement in force at `at`? validFrom inclusive, validTo exclusive. */
export const inForce = (validFrom: string, validTo: string, at: Date): boolean =>
  Date.parse(validFrom) <= at.getTime() && at.getTime() < Date.parse(validTo);

/** `amount` less `percent` percent, rounded half-up to 4 places (the precision prices are kept at). */
export const percentOff = (amount: string, percent: string): string =>
  new Big(amount).times(new Big(100).minus(percent)).div(100).round(4, Big.roundHalfUp).toString();

/** The price a company pays for `quantity` of a product at `at`, and the rule that set it:
 *  1. a contract price of the agreement, at the best tier the quantity reaches;
 *  2. else the agreement's discount on the product's category, off the list price;
 *  3. else the list price, when the assortment names the SKU or its category.
 *  Otherwise the company may not buy the product. Rules 2 and 3 need the list price in the agreement's
 *  currency. The agreement version is part of the answer: orders record it with the price. */
export const resolvePrice = (product: PricedProduct, agreement: AgreementPricing | null, quantity: number, at: Date): PriceResolution => {
  if (!agreement) return { ok: false, reason: 'no-agreement', message: 'your company has no agreement in force' };
  if (!inForce(agreement.validFrom, agreement.validTo, at)) {
    return { ok: false, reason: 'not-in-force', message: `the agreement is in force from ${agreement.validFrom} until ${agreement.validTo}` };
  }
  if (!product.active) return { ok: false, reason: 'inactive', message: `product ${product.sku} is no longer sold` };
  const source = { agreementId: agreement.agreementId, agreementVersion: agreement.version, currency: agreement.currency };
  const contract = agreement.prices.get(product.sku);
  if (contract) {
    const { unitPrice, tierMinQty } = contractUnitPrice(contract, quantity);
    return tierMinQty === undefined
      ? { ok: true, unitPrice, rule: 'contract', ...source }
      : { ok: true, unitPrice, rule: 'contract-tier', tierMinQty, ...source };
  }
  const outside = { ok: false, reason: 'outside-assortment', message: `product ${product.sku} is not in your company's assortment` } as const;
  if (product.currency !== agreement.currency) return outside;
  const discount = agreement.categoryDiscounts.get(product.category);
  if (discount !== undefined) return { ok: true, unitPrice: percentOff(product.listPrice, discount), rule: 'category-discount', discountPercent: discount, ...source };
  if (agreement.assortment.skus.has(product.sku) || agreement.assortment.categories.has(product.category)) {
    return { ok: true, unitPrice: product.listPrice, rule: 'list-price', ...source };
  }
  return outside;
};

export const isCheaper = (a: string, b: string): boolean => compareDecimal(a, b) < 0;

/** A unit price as the API shows it: two to four decimals ("0.4200" → "0.42", "3.6" → "3.60", "1.2345" stays). */
export const formatPrice = (value: string): string => {
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
};
