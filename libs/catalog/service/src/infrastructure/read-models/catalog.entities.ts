import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every listed product, as search shows it. */
@Entity({ name: 'catalog_products' })
export class CatalogProductEntity {
  @PrimaryColumn({ type: 'text' }) readonly sku!: string;
  @Column({ type: 'text', name: 'type_number' }) readonly typeNumber!: string;
  /** Type number without case, spaces or dashes, for exact and prefix matching. */
  @Index() @Column({ type: 'text', name: 'type_number_key' }) readonly typeNumberKey!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text' }) readonly description!: string;
  @Index() @Column({ type: 'text' }) readonly category!: string;
  @Column({ type: 'text' }) readonly unit!: string;
  @Column({ type: 'numeric', precision: 19, scale: 4, name: 'list_price' }) readonly listPrice!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'boolean', default: true }) readonly active!: boolean;
}

/** The agreement version in force for a company, as learnt from agreements.AgreementActivated. */
@Entity({ name: 'catalog_company_agreements' })
export class CompanyAgreementEntity {
  @PrimaryColumn({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int' }) readonly version!: number;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'timestamptz', name: 'valid_from' }) readonly validFrom!: Date;
  @Column({ type: 'timestamptz', name: 'valid_to' }) readonly validTo!: Date;
  @Column({ type: 'timestamptz', name: 'activated_at' }) readonly activatedAt!: Date;
}

/** A contract price of a company's agreement; the agreement's SKUs are the company's assortment. */
@Entity({ name: 'catalog_agreement_prices' })
export class AgreementPriceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @PrimaryColumn({ type: 'text' }) readonly sku!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int', name: 'agreement_version' }) readonly agreementVersion!: number;
  @Column({ type: 'numeric', precision: 19, scale: 4, name: 'unit_price' }) readonly unitPrice!: string;
  @Column({ type: 'jsonb' }) readonly tiers!: { minQty: number; unitPrice: string }[];
  @Column({ type: 'text' }) readonly currency!: string;
}

export const CATALOG_ENTITIES = [CatalogProductEntity, CompanyAgreementEntity, AgreementPriceEntity];

export const typeNumberKey = (typeNumber: string): string => typeNumber.toLowerCase().replace(/[\s-]+/g, '');
