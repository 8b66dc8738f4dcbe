import { Column, Entity, PrimaryColumn } from 'typeorm';

/** SKUs the catalog has listed (from catalog.ProductListed): agreement terms may only name these. */
@Entity({ name: 'agreements_known_products' })
export class KnownProductEntity {
  @PrimaryColumn({ type: 'text' }) readonly sku!: string;
  @Column({ type: 'text' }) readonly category!: string;
}

/** Every drafted or amended version, so the activation knows its validity. */
@Entity({ name: 'agreements_versions' })
export class AgreementVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @PrimaryColumn({ type: 'int' }) readonly version!: number;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'timestamptz', name: 'valid_to' }) readonly validTo!: Date;
}

/** The agreement version in force per company (one active agreement per company). */
@Entity({ name: 'agreements_company_active' })
export class CompanyActiveAgreementEntity {
  @PrimaryColumn({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int' }) readonly version!: number;
  @Column({ type: 'timestamptz', name: 'valid_to' }) readonly validTo!: Date;
}

export const AGREEMENTS_ENTITIES = [KnownProductEntity, AgreementVersionEntity, CompanyActiveAgreementEntity];
