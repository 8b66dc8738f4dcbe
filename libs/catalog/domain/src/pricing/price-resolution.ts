import { compareDecimal } from '@b2b/kernel';

export interface ContractPrice {
  readonly unitPrice: string;
  readonly tiers: readonly { readonly minQty: number; readonly unitPrice: string }[];
}

/** The agreement's unit price for a quantity: the tier with the highest minQty not above the quantity,
 *  else the base price. (Tiers are validated ascending when the agreement is drafted.) */
export const contractUnitPrice = (price: ContractPrice, quantity: number): string => {
  let best = price.unitPrice;
  let bestQty = 0;
  for (const tier of price.tiers) {
    if (tier.minQty <= quantity && tier.minQty > bestQty) {
      best = tier.unitPrice;
      bestQty = tier.minQty;
    }
  }
  return best;
};

/** Is the agreement in force at `at`? validFrom inclusive, validTo exclusive. */
export const inForce = (validFrom: string, validTo: string, at: Date): boolean =>
  Date.parse(validFrom) <= at.getTime() && at.getTime() < Date.parse(validTo);

export const isCheaper = (a: string, b: string): boolean => compareDecimal(a, b) < 0;
