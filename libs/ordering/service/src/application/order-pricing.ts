import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import Big from 'big.js';
import { RuleViolated, formatPrice, inForce, resolvePrice, type AgreementPricing } from '@b2b/kernel';
import type { PricedLine, Pricing } from '@b2b/ordering-domain';
import { OrderingAgreementEntity, OrderingLocationEntity, OrderingProductEntity } from '../infrastructure/read-models/ordering.entities.js';

export interface WantedLine { readonly sku: string; readonly quantity: number }
export interface UnpricedLine { readonly sku: string; readonly quantity: number; readonly reason: string }

/** Prices order lines by the company's agreement in force, from ordering's own copies of agreements and
 *  products (learnt from their events): the same rules as the catalog's price answer (resolvePrice). */
@Injectable()
export class OrderPricing {
  constructor(private readonly dataSource: DataSource) {}

  /** Every line priced, or what could not be: `unpriced` names each SKU and why. */
  async tryPrice(companyId: string, wanted: readonly WantedLine[], now: Date): Promise<{ lines: PricedLine[]; unpriced: UnpricedLine[]; pricing: Pricing }> {
    const manager = this.dataSource.manager;
    const [agreement, products] = await Promise.all([
      manager.findOne(OrderingAgreementEntity, { where: { companyId } }),
      manager.find(OrderingProductEntity, { where: { sku: In(wanted.map((w) => w.sku)) } }),
    ]);
    if (!agreement) throw new RuleViolated('ORDER.NO_AGREEMENT_IN_FORCE', 'your company has no agreement in force: nothing can be ordered');
    const terms: AgreementPricing = {
      agreementId: agreement.agreementId, version: agreement.version, currency: agreement.currency,
      validFrom: agreement.validFrom.toISOString(), validTo: agreement.validTo.toISOString(),
      prices: new Map(Object.entries(agreement.prices)),
      categoryDiscounts: new Map(Object.entries(agreement.categoryDiscounts)),
      assortment: { skus: new Set(agreement.assortment.skus), categories: new Set(agreement.assortment.categories) },
    };
    if (!inForce(terms.validFrom, terms.validTo, now)) {
      throw new RuleViolated('ORDER.NO_AGREEMENT_IN_FORCE', `your agreement is in force from ${terms.validFrom} until ${terms.validTo}: nothing can be ordered now`);
    }
    const bySku = new Map(products.map((p) => [p.sku, p]));
    const lines: PricedLine[] = [];
    const unpriced: UnpricedLine[] = [];
    for (const { sku, quantity } of wanted) {
      const product = bySku.get(sku);
      const resolved = product
        ? resolvePrice({ sku, category: product.category, listPrice: product.listPrice, currency: product.currency, active: product.active }, terms, quantity, now)
        : null;
      if (!product || !resolved) unpriced.push({ sku, quantity, reason: `${sku} is not in the catalog` });
      else if (!resolved.ok) unpriced.push({ sku, quantity, reason: resolved.reason === 'outside-assortment' ? `${sku} is not in your company's assortment` : resolved.message });
      else lines.push({ sku, name: product.name, unit: product.unit, quantity, unitPrice: formatPrice(resolved.unitPrice), lineTotal: new Big(resolved.unitPrice).times(quantity).toFixed(2), rule: resolved.rule });
    }
    return { lines, unpriced, pricing: { agreementId: agreement.agreementId, agreementVersion: agreement.version, currency: agreement.currency, approvalPolicy: agreement.approvalPolicy } };
  }

  /** The agreement in force's pricing context (an order priced by a quote still records the agreement
   *  version and follows its approval policy), and the catalog's names and units of the SKUs. */
  async context(companyId: string, skus: readonly string[], now: Date): Promise<{ pricing: Pricing; products: Map<string, OrderingProductEntity> }> {
    const { pricing } = await this.tryPrice(companyId, [], now);
    const products = await this.dataSource.manager.find(OrderingProductEntity, { where: { sku: In([...skus]) } });
    return { pricing, products: new Map(products.map((p) => [p.sku, p])) };
  }

  /** Every line priced, or a 422 naming each line that cannot be ordered (nothing is added). */
  async price(companyId: string, wanted: readonly WantedLine[], now: Date): Promise<{ lines: PricedLine[]; pricing: Pricing }> {
    const { lines, unpriced, pricing } = await this.tryPrice(companyId, wanted, now);
    if (unpriced.length > 0) {
      throw new RuleViolated('ORDER.LINES_NOT_ORDERABLE', `these lines cannot be ordered: ${unpriced.map((u) => u.reason).join('; ')}`, unpriced);
    }
    return { lines, pricing };
  }

  async checkLocation(companyId: string, locationId: string): Promise<void> {
    const location = await this.dataSource.manager.findOne(OrderingLocationEntity, { where: { id: locationId, companyId } });
    if (!location) throw new RuleViolated('ORDER.UNKNOWN_LOCATION', `locationId: ${locationId} is not a location of your company`);
  }
}
