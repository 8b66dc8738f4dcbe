import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import Big from 'big.js';
import { Clock, Invalid, NotFound, RuleViolated, formatPrice, resolvePrice, type Actor, type AgreementPricing, type PriceRule } from '@b2b/kernel';
import { isSupplierStaff } from '@b2b/auth';
import type { ProductDetails } from '@b2b/catalog-domain';
import { AgreementPriceEntity, CatalogProductEntity, CompanyAgreementEntity } from '../infrastructure/read-models/catalog.entities.js';


export type ProductView = ProductDetails & { readonly active: boolean };

export interface PriceAnswer {
  readonly sku: string;
  readonly companyId: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly lineTotal: string;
  readonly currency: string;
  /** Which rule set the price: contract-tier, contract, category-discount or list-price. */
  readonly rule: PriceRule;
  readonly tierMinQty?: number;
  readonly discountPercent?: string;
  readonly listPrice: string;
  /** The agreement version the price comes from: an order priced now records it. */
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly validFrom: string;
  readonly validTo: string;
  readonly pricedAt: string;
}

/** Reads of single products and prices. A customer sees a product only when its agreement in force
 *  lets it buy it; anything else is "not found" for that company (shared/API.md: 404 also for what a
 *  company may not see). */
@Injectable()
export class ProductQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async product(actor: Actor, sku: string): Promise<ProductView> {
    const product = await this.dataSource.manager.findOne(CatalogProductEntity, { where: { sku } });
    if (!product) throw notFound(sku);
    const view: ProductView = {
      sku: product.sku, typeNumber: product.typeNumber, name: product.name, description: product.description, category: product.category,
      unit: product.unit, listPrice: formatPrice(product.listPrice), currency: product.currency, documents: product.documents, active: product.active,
    };
    if (isSupplierStaff(actor)) return view;
    await this.price(actor, sku, 1); // throws not-found outside the assortment
    return view;
  }

  async price(actor: Actor, sku: string, quantity: number, companyId?: string): Promise<PriceAnswer> {
    const company = this.companyFor(actor, companyId);
    const manager = this.dataSource.manager;
    const [product, agreement, contract] = await Promise.all([
      manager.findOne(CatalogProductEntity, { where: { sku } }),
      manager.findOne(CompanyAgreementEntity, { where: { companyId: company } }),
      manager.findOne(AgreementPriceEntity, { where: { companyId: company, sku } }),
    ]);
    if (!product) throw notFound(sku);
    const now = this.clock.now();
    const pricing: AgreementPricing | null = agreement && {
      agreementId: agreement.agreementId, version: agreement.version, currency: agreement.currency,
      validFrom: agreement.validFrom.toISOString(), validTo: agreement.validTo.toISOString(),
      prices: new Map(contract ? [[sku, { unitPrice: contract.unitPrice, tiers: contract.tiers }]] : []),
      categoryDiscounts: new Map(Object.entries(agreement.categoryDiscounts)),
      assortment: { skus: new Set(agreement.assortmentSkus), categories: new Set(agreement.assortmentCategories) },
    };
    const resolved = resolvePrice({ sku, category: product.category, listPrice: product.listPrice, currency: product.currency, active: product.active }, pricing, quantity, now);
    if (!resolved.ok) {
      if (resolved.reason === 'outside-assortment') throw notFound(sku);
      if (resolved.reason === 'inactive') throw new RuleViolated('PRODUCT.INACTIVE', resolved.message);
      throw new RuleViolated('PRICE.NO_AGREEMENT_IN_FORCE', `no price: ${resolved.message}`);
    }
    const { ok: _ok, unitPrice, ...rule } = resolved;
    return {
      sku, companyId: company, quantity, unitPrice: formatPrice(unitPrice), lineTotal: new Big(unitPrice).times(quantity).toFixed(2), ...rule,
      listPrice: formatPrice(product.listPrice), validFrom: pricing!.validFrom, validTo: pricing!.validTo, pricedAt: now.toISOString(),
    };
  }

  private companyFor(actor: Actor, companyId: string | undefined): string {
    if (!isSupplierStaff(actor)) {
      if (companyId !== undefined && companyId !== actor.companyId) throw new NotFound('COMPANY.NOT_FOUND', `company ${companyId} not found`);
      return actor.companyId;
    }
    if (companyId === undefined) throw new Invalid('PRICE.COMPANY_REQUIRED', 'companyId: supplier staff must name the customer company to price for');
    return companyId;
  }
}

const notFound = (sku: string): NotFound => new NotFound('PRODUCT.NOT_FOUND', `product ${sku} not found`);
