import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Buyer, ProductInfo } from '@b2b/invoicing-domain';
import { InvoicingSettings, type SupplierDetails } from '../invoicing.config.js';
import { AgreementTermsEntity, InvoicingCompanyEntity, InvoicingProductEntity, VatRateEntity } from '../infrastructure/read-models/invoicing.entities.js';

/** What invoicing knows from other services and its own settings, read from its read models. */
@Injectable()
export class ReferenceData {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: InvoicingSettings,
  ) {}

  terms(agreementId: string, version: number): Promise<AgreementTermsEntity | null> {
    return this.dataSource.getRepository(AgreementTermsEntity).findOneBy({ agreementId, version });
  }

  async buyer(companyId: string): Promise<Buyer> {
    const company = await this.dataSource.getRepository(InvoicingCompanyEntity).findOneBy({ companyId });
    return { companyId, name: company?.name ?? companyId, address: company?.address ?? '' };
  }

  async supplier(): Promise<SupplierDetails> {
    const registered = await this.dataSource.getRepository(InvoicingCompanyEntity).findOneBy({ kind: 'supplier' });
    return registered ? { ...this.settings.supplier, name: registered.name, address: registered.address || this.settings.supplier.address } : this.settings.supplier;
  }

  async products(skus: readonly string[]): Promise<Record<string, ProductInfo>> {
    const rows = skus.length === 0 ? [] : await this.dataSource.getRepository(InvoicingProductEntity).findBy({ sku: In([...skus]) });
    return Object.fromEntries(rows.map((p) => [p.sku, { name: p.name, category: p.category, unit: p.unit }]));
  }

  /** The VAT rate per category as configured now, the default for any other. */
  async vatRates(): Promise<{ readonly defaultRate: string; readonly rates: Record<string, string>; readonly rateOf: (category: string) => string }> {
    const rows = await this.dataSource.getRepository(VatRateEntity).find({ order: { category: 'ASC' } });
    const rates = Object.fromEntries(rows.map((r) => [r.category, r.rate]));
    const defaultRate = this.settings.vatDefaultRate;
    return { defaultRate, rates, rateOf: (category) => rates[category] ?? defaultRate };
  }
}
