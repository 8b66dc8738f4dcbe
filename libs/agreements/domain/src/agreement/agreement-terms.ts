import { RuleViolated, compareDecimal, type CustomerRole } from '@b2b/kernel';

export interface PriceTier { readonly minQty: number; readonly unitPrice: string }
export interface AgreementPrice { readonly sku: string; readonly unitPrice: string; readonly tiers: readonly PriceTier[] }
export interface CategoryDiscount { readonly category: string; readonly percent: string }
export interface ApprovalLevel { readonly minTotal: string; readonly role: CustomerRole }

/** What both sides sign. Money and percentages as decimal strings; dates as ISO-8601.
 *  The assortment (what the company may buy) is every SKU with a contract price, plus `assortment.skus`,
 *  every product of `assortment.categories` and every product of a category with a discount. */
export interface AgreementTerms {
  readonly title: string;
  readonly currency: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly paymentTerms: { readonly netDays: number; readonly invoicing: 'per-order' | 'monthly' };
  readonly deliveryTerms: { readonly leadTimeDays: number; readonly deliveryWeekdays: readonly number[] };
  readonly prices: readonly AgreementPrice[];
  readonly categoryDiscounts: readonly CategoryDiscount[];
  readonly assortment: { readonly skus: readonly string[]; readonly categories: readonly string[] };
  readonly approvalPolicy: { readonly levels: readonly ApprovalLevel[] };
}

const refuse = (code: string, message: string): never => {
  throw new RuleViolated(`AGREEMENT.${code}`, message);
};

/** Business rules on terms (field formats are checked at the edge). `knownSkus` holds the SKUs the
 *  catalog has listed (learnt from its events): every SKU the terms name must be one of them.
 *  Throws RuleViolated (422) naming the first problem. */
export const checkTerms = (terms: AgreementTerms, knownSkus: ReadonlySet<string>): void => {
  if (Date.parse(terms.validFrom) >= Date.parse(terms.validTo)) refuse('INVALID_VALIDITY', 'validFrom must be before validTo');
  const skus = new Set<string>();
  for (const price of terms.prices) {
    if (skus.has(price.sku)) refuse('DUPLICATE_SKU', `prices: SKU ${price.sku} is listed twice`);
    skus.add(price.sku);
    if (compareDecimal(price.unitPrice, '0') <= 0) refuse('INVALID_PRICE', `prices: unitPrice of ${price.sku} must be positive`);
    let lastQty = 1;
    for (const tier of price.tiers) {
      if (tier.minQty <= lastQty) refuse('INVALID_TIERS', `prices: tiers of ${price.sku} must have ascending minQty above 1`);
      if (compareDecimal(tier.unitPrice, '0') <= 0) refuse('INVALID_PRICE', `prices: tier prices of ${price.sku} must be positive`);
      lastQty = tier.minQty;
    }
  }
  const unknown = [...skus, ...terms.assortment.skus].filter((sku) => !knownSkus.has(sku));
  if (unknown.length > 0) refuse('UNKNOWN_SKU', `unknown SKUs (not in the catalog): ${[...new Set(unknown)].join(', ')}`);
  const categories = new Set<string>();
  for (const discount of terms.categoryDiscounts) {
    if (categories.has(discount.category)) refuse('DUPLICATE_CATEGORY', `categoryDiscounts: ${discount.category} is listed twice`);
    categories.add(discount.category);
    if (compareDecimal(discount.percent, '0') <= 0 || compareDecimal(discount.percent, '100') >= 0) {
      refuse('INVALID_DISCOUNT', `categoryDiscounts: the discount on ${discount.category} must be above 0 and below 100 percent`);
    }
  }
  const days = terms.deliveryTerms.deliveryWeekdays;
  if (days.length === 0 || new Set(days).size !== days.length || days.some((d) => d < 1 || d > 7)) {
    refuse('INVALID_WEEKDAYS', 'deliveryWeekdays must be distinct weekdays 1 (Monday) to 7 (Sunday)');
  }
  for (const level of terms.approvalPolicy.levels) {
    if (compareDecimal(level.minTotal, '0') < 0) refuse('INVALID_POLICY', 'approvalPolicy: minTotal must not be negative');
  }
};
