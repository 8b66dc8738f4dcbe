import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ProductDocument } from '@b2b/catalog-domain';

/** Every listed product, as search shows it. The full-text and trigram indexes over `search_text` are
 *  created beside the tables (catalog-search.indexes.ts): TypeORM cannot declare them. */
@Entity({ name: 'catalog_products' })
export class CatalogProductEntity {
  @PrimaryColumn({ type: 'text' }) readonly sku!: string;
  /** SKU and type number without case, spaces or dashes, for exact and prefix matching. */
  @Index() @Column({ type: 'text', name: 'sku_key', default: '' }) readonly skuKey!: string;
  @Column({ type: 'text', name: 'type_number' }) readonly typeNumber!: string;
  @Index() @Column({ type: 'text', name: 'type_number_key' }) readonly typeNumberKey!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text' }) readonly description!: string;
  /** SKU, type number, name and description, lower-cased: what the trigram and full-text indexes cover. */
  @Column({ type: 'text', name: 'search_text', default: '' }) readonly searchText!: string;
  @Index() @Column({ type: 'text' }) readonly category!: string;
  @Column({ type: 'text' }) readonly unit!: string;
  @Column({ type: 'numeric', precision: 19, scale: 4, name: 'list_price' }) readonly listPrice!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` }) readonly documents!: ProductDocument[];
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
  /** Category → percent off the list price. */
  @Column({ type: 'jsonb', name: 'category_discounts', default: () => `'{}'::jsonb` }) readonly categoryDiscounts!: Record<string, string>;
  @Column({ type: 'text', array: true, name: 'assortment_skus', default: () => `'{}'` }) readonly assortmentSkus!: string[];
  @Column({ type: 'text', array: true, name: 'assortment_categories', default: () => `'{}'` }) readonly assortmentCategories!: string[];
}

/** A contract price of a company's agreement in force. */
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

/** Lower case without spaces or dashes: "DIN 933-M8" and "din933m8" are the same key. */
export const searchKey = (text: string): string => text.toLowerCase().replace(/[\s-]+/g, '');

/** Created after TypeORM synchronised the tables (idempotent). pg_trgm ships with PostgreSQL's contrib
 *  and with PGlite (loaded by startPgliteServer). */
export const CATALOG_SEARCH_INDEXES = [
  'create extension if not exists pg_trgm',
  'create index if not exists catalog_products_search_trgm on catalog_products using gin (search_text gin_trgm_ops)',
  `create index if not exists catalog_products_search_fts on catalog_products using gin (to_tsvector('simple', search_text))`,
  'create index if not exists catalog_products_sku_key_prefix on catalog_products (sku_key text_pattern_ops)',
  'create index if not exists catalog_products_type_number_key_prefix on catalog_products (type_number_key text_pattern_ops)',
];
