import { IsBoolean, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DECIMAL_PATTERN } from '@b2b/kernel';
import { defineEvent } from '../define-event.js';

/** A listed product changed (revised details, deactivated, reactivated): its state after the change, so
 *  a consumer needs no earlier message. A consumer keeps the one with the latest `changedAt`. */
export class ProductChangedV1 {
  @IsString() @Length(1, 64) readonly sku!: string;
  @IsString() @Length(1, 100) readonly category!: string;
  @IsString() @Length(1, 200) readonly name!: string;
  @IsString() @Length(1, 20) readonly unit!: string;
  @Matches(DECIMAL_PATTERN) readonly listPrice!: string;
  @Matches(/^[A-Z]{3}$/) readonly currency!: string;
  @IsBoolean() readonly active!: boolean;
  /** The supplier's company. */
  @IsUUID() readonly companyId!: string;
  @IsISO8601({ strict: true }) readonly changedAt!: string;
}

export const ProductChanged = defineEvent({
  type: 'catalog.ProductChanged',
  version: 1,
  topic: 'catalog.products',
  key: (e: ProductChangedV1) => e.sku,
  companyId: (e: ProductChangedV1) => e.companyId,
  payload: ProductChangedV1,
});
