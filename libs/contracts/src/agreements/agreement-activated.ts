import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { CUSTOMER_ROLES, DECIMAL_PATTERN, type CustomerRole } from '@b2b/kernel';
import { defineEvent } from '../define-event.js';
import { ActorRefV1 } from '../shared/actor-ref.js';

export class PriceTierV1 {
  @IsInt() @Min(1) readonly minQty!: number;
  @Matches(DECIMAL_PATTERN) readonly unitPrice!: string;
}

export class AgreementPriceV1 {
  @IsString() @Length(1, 64) readonly sku!: string;
  @Matches(DECIMAL_PATTERN) readonly unitPrice!: string;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PriceTierV1) readonly tiers!: PriceTierV1[];
}

export class PaymentTermsV1 {
  @IsInt() @Min(0) @Max(365) readonly netDays!: number;
  @IsIn(['per-order', 'monthly']) readonly invoicing!: 'per-order' | 'monthly';
}

export class DeliveryTermsV1 {
  @IsInt() @Min(0) @Max(365) readonly leadTimeDays!: number;
  @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true }) readonly deliveryWeekdays!: number[];
}

export class CategoryDiscountV1 {
  @IsString() @Length(1, 100) readonly category!: string;
  /** Percent off the list price, e.g. "12.5". */
  @Matches(DECIMAL_PATTERN) readonly percent!: string;
}

export class AssortmentV1 {
  @IsArray() @IsString({ each: true }) readonly skus!: string[];
  @IsArray() @IsString({ each: true }) readonly categories!: string[];
}

export class ApprovalLevelV1 {
  @Matches(DECIMAL_PATTERN) readonly minTotal!: string;
  @IsIn(CUSTOMER_ROLES) readonly role!: CustomerRole;
}

export class ApprovalPolicyV1 {
  @IsArray() @ValidateNested({ each: true }) @Type(() => ApprovalLevelV1) readonly levels!: ApprovalLevelV1[];
}

/** An agreement version came into force: both sides signed. Carries the terms the catalog, ordering,
 *  approvals, delivery and invoicing need, so no service has to call the agreements service. */
export class AgreementActivatedV1 {
  @IsUUID() readonly agreementId!: string;
  @IsUUID() readonly companyId!: string;
  @IsInt() @Min(1) readonly version!: number;
  @IsString() @Length(1, 200) readonly title!: string;
  @Matches(/^[A-Z]{3}$/) readonly currency!: string;
  @IsISO8601({ strict: true }) readonly validFrom!: string;
  @IsISO8601({ strict: true }) readonly validTo!: string;
  @ValidateNested() @Type(() => PaymentTermsV1) readonly paymentTerms!: PaymentTermsV1;
  @ValidateNested() @Type(() => DeliveryTermsV1) readonly deliveryTerms!: DeliveryTermsV1;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AgreementPriceV1) readonly prices!: AgreementPriceV1[];
  @ValidateNested() @Type(() => ApprovalPolicyV1) readonly approvalPolicy!: ApprovalPolicyV1;
  /** Optional (added without a version bump): absent means none. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => CategoryDiscountV1) readonly categoryDiscounts?: CategoryDiscountV1[];
  /** Optional (added without a version bump): absent means only the SKUs with contract prices. */
  @IsOptional() @ValidateNested() @Type(() => AssortmentV1) readonly assortment?: AssortmentV1;
  @IsOptional() @IsInt() @Min(1) readonly supersedesVersion?: number;
  @IsISO8601({ strict: true }) readonly activatedAt!: string;
  @ValidateNested() @Type(() => ActorRefV1) readonly activatedBy!: ActorRefV1;
}

export const AgreementActivated = defineEvent({
  type: 'agreements.AgreementActivated',
  version: 1,
  topic: 'agreements.agreements',
  key: (e: AgreementActivatedV1) => e.agreementId,
  companyId: (e: AgreementActivatedV1) => e.companyId,
  payload: AgreementActivatedV1,
});

/** What a consumer keeps as a company's agreement in force: which agreement, which version, since when. */
export interface KnownActivation {
  readonly agreementId: string;
  readonly version: number;
  readonly activatedAt: Date;
}

/** Does `event` replace the activation a consumer kept for the company? A later version of the same
 *  agreement, or another agreement activated later; so the newest wins whatever the arrival order. */
export const supersedesActivation = (known: KnownActivation | null, event: Pick<AgreementActivatedV1, 'agreementId' | 'version' | 'activatedAt'>): boolean =>
  known === null || (known.agreementId === event.agreementId ? event.version > known.version : Date.parse(event.activatedAt) > known.activatedAt.getTime());
