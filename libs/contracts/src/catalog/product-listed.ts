import { IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DECIMAL_PATTERN } from '@b2b/kernel';
import { defineEvent } from '../define-event.js';

/** A product was listed in the supplier's catalog. Agreements learn from it which SKUs exist. */
export class ProductListedV1 {
  @IsString() @Length(1, 64) readonly sku!: string;
  @IsString() @Length(1, 100) readonly category!: string;
  @IsString() @Length(1, 200) readonly name!: string;
  /** Optional (added without a version bump): absent in the first messages. */
  @IsOptional() @IsString() @Length(1, 20) readonly unit?: string;
  @Matches(DECIMAL_PATTERN) readonly listPrice!: string;
  @Matches(/^[A-Z]{3}$/) readonly currency!: string;
  /** The supplier's company (products belong to the supplier, not to a customer). */
  @IsUUID() readonly companyId!: string;
  @IsISO8601({ strict: true }) readonly listedAt!: string;
}

export const ProductListed = defineEvent({
  type: 'catalog.ProductListed',
  version: 1,
  topic: 'catalog.products',
  key: (e: ProductListedV1) => e.sku,
  companyId: (e: ProductListedV1) => e.companyId,
  payload: ProductListedV1,
});
