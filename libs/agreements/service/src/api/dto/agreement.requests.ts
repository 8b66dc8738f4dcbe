import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CUSTOMER_ROLES, type CustomerRole } from '@b2b/kernel';
import { IsTimestamp, NestedArray, NestedObject } from '@b2b/nest';

const POSITIVE_DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;

export class PriceTierRequest {
  @ApiProperty({ example: 100 }) @IsInt() @Min(2) readonly minQty!: number;
  @ApiProperty({ example: '0.38' }) @Matches(POSITIVE_DECIMAL, { message: 'unitPrice must be a decimal string like "12.50"' }) readonly unitPrice!: string;
}

export class AgreementPriceRequest {
  @ApiProperty({ example: 'BOLT-M8' }) @IsString() @Length(1, 64) readonly sku!: string;
  @ApiProperty({ example: '0.42' }) @Matches(POSITIVE_DECIMAL, { message: 'unitPrice must be a decimal string like "12.50"' }) readonly unitPrice!: string;
  @ApiPropertyOptional({ type: [PriceTierRequest] })
  @IsOptional() @NestedArray(() => PriceTierRequest, { max: 20 })
  readonly tiers?: PriceTierRequest[];
}

export class PaymentTermsRequest {
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(365) readonly netDays!: number;
  @ApiProperty({ enum: ['per-order', 'monthly'] }) @IsIn(['per-order', 'monthly']) readonly invoicing!: 'per-order' | 'monthly';
}

export class DeliveryTermsRequest {
  @ApiProperty({ example: 3 }) @IsInt() @Min(0) @Max(365) readonly leadTimeDays!: number;
  @ApiProperty({ example: [2, 4] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(7) @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true })
  readonly deliveryWeekdays!: number[];
}

export class ApprovalLevelRequest {
  @ApiProperty({ example: '1000' }) @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'minTotal must be a decimal string of at least 0, like "1000"' }) readonly minTotal!: string;
  @ApiProperty({ enum: CUSTOMER_ROLES }) @IsIn(CUSTOMER_ROLES) readonly role!: CustomerRole;
}

export class ApprovalPolicyRequest {
  @ApiProperty({ type: [ApprovalLevelRequest] }) @NestedArray(() => ApprovalLevelRequest, { max: 10 })
  readonly levels!: ApprovalLevelRequest[];
}

export class CategoryDiscountRequest {
  @ApiProperty({ example: 'fasteners' }) @IsString() @Length(1, 100) readonly category!: string;
  @ApiProperty({ example: '12.5', description: 'percent off the list price' })
  @Matches(/^\d{1,3}(\.\d{1,4})?$/, { message: 'percent must be a decimal string like "12.5"' }) readonly percent!: string;
}

export class AssortmentRequest {
  @ApiPropertyOptional({ example: ['NUT-M8'], description: 'SKUs the company may buy at list price (besides those with contract prices)' })
  @IsOptional() @IsArray() @ArrayMaxSize(10_000) @IsString({ each: true }) @Length(1, 64, { each: true }) readonly skus?: string[];
  @ApiPropertyOptional({ example: ['fasteners'], description: 'whole categories the company may buy' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @Length(1, 100, { each: true }) readonly categories?: string[];
}

/** The terms both sides sign (shared by create and amend). */
export class AgreementTermsRequest {
  @ApiProperty({ example: 'Frame agreement 2026' }) @IsString() @Length(1, 200) readonly title!: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code like EUR' }) readonly currency!: string;
  @ApiProperty({ example: '2026-01-01' }) @IsTimestamp() readonly validFrom!: string;
  @ApiProperty({ example: '2026-12-31' }) @IsTimestamp() readonly validTo!: string;
  @ApiProperty({ type: PaymentTermsRequest }) @NestedObject(() => PaymentTermsRequest) readonly paymentTerms!: PaymentTermsRequest;
  @ApiProperty({ type: DeliveryTermsRequest }) @NestedObject(() => DeliveryTermsRequest) readonly deliveryTerms!: DeliveryTermsRequest;
  @ApiProperty({ type: [AgreementPriceRequest] })
  @NestedArray(() => AgreementPriceRequest, { max: 10_000 })
  readonly prices!: AgreementPriceRequest[];
  @ApiProperty({ type: ApprovalPolicyRequest }) @NestedObject(() => ApprovalPolicyRequest) readonly approvalPolicy!: ApprovalPolicyRequest;
  @ApiPropertyOptional({ type: [CategoryDiscountRequest] })
  @IsOptional() @NestedArray(() => CategoryDiscountRequest, { max: 500 })
  readonly categoryDiscounts?: CategoryDiscountRequest[];
  @ApiPropertyOptional({ type: AssortmentRequest }) @IsOptional() @NestedObject(() => AssortmentRequest) readonly assortment?: AssortmentRequest;
}

export class CreateAgreementRequest extends AgreementTermsRequest {
  @ApiProperty() @IsUUID() readonly companyId!: string;
}

export class AmendAgreementRequest extends AgreementTermsRequest {
  @ApiProperty({ example: 'price increase for steel parts from July' }) @IsString() @Length(1, 1000) readonly reason!: string;
}
