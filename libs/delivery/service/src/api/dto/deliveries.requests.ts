import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsDay, IsMonth, NestedArray } from '@b2b/nest';

const STATUSES = ['scheduled', 'dispatched', 'partially-received', 'received', 'cancelled'] as const;
const MAX_QUANTITY = 1_000_000_000;

export class ListDeliveriesRequest {
  @ApiPropertyOptional() @IsOptional() @IsUUID() readonly orderId?: string;
  @ApiPropertyOptional({ description: 'supplier staff only; customers always see their own company' }) @IsOptional() @IsUUID() readonly companyId?: string;
  @ApiPropertyOptional({ example: '2026-03-01', description: 'promised on or after' }) @IsOptional() @IsDay() readonly from?: string;
  @ApiPropertyOptional({ example: '2026-03-31', description: 'promised on or before' }) @IsOptional() @IsDay() readonly to?: string;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) readonly status?: (typeof STATUSES)[number];
}

export class OtifRequest {
  @ApiProperty({ example: '2026-03' }) @IsMonth() readonly period!: string;
  @ApiPropertyOptional({ description: 'supplier staff: any company (all when absent); customers: their own' }) @IsOptional() @IsUUID() readonly companyId?: string;
}

export class DispatchRequest {
  @ApiPropertyOptional({ example: 'DHL' }) @IsOptional() @IsString() @Length(1, 200) readonly carrier?: string;
  @ApiPropertyOptional({ example: 'JD014600006281230' }) @IsOptional() @IsString() @Length(1, 200) readonly trackingReference?: string;
}

export class RescheduleRequest {
  @ApiProperty({ example: '2026-03-12' }) @IsDay() readonly promisedDate!: string;
  @ApiProperty({ example: 'carrier capacity' }) @IsString() @Length(1, 2000) readonly reason!: string;
}

export class LineRequest {
  @ApiProperty({ example: 'BOLT-M8' }) @IsString() @Length(1, 64) readonly sku!: string;
  @ApiProperty({ example: 40 }) @IsInt() @Min(1) @Max(MAX_QUANTITY) readonly quantity!: number;
}

export class SplitPartRequest {
  @ApiProperty({ type: [LineRequest] }) @NestedArray(() => LineRequest, { min: 1, max: 500 }) readonly lines!: LineRequest[];
  @ApiPropertyOptional({ example: '2026-03-12', description: 'the part’s promised date (default: the delivery’s)' }) @IsOptional() @IsDay() readonly promisedDate?: string;
}

export class SplitRequest {
  @ApiProperty({ type: [SplitPartRequest], description: 'at least two parts; per line the quantities add up to the delivery’s; the first part keeps the delivery id' })
  @NestedArray(() => SplitPartRequest, { min: 2, max: 50 }) readonly parts!: SplitPartRequest[];
  @ApiPropertyOptional({ example: 'nuts back-ordered' }) @IsOptional() @IsString() @Length(1, 2000) readonly reason?: string;
}

export class ReceiptLineRequest {
  @ApiProperty({ example: 'BOLT-M8' }) @IsString() @Length(1, 64) readonly sku!: string;
  @ApiProperty({ example: 60 }) @IsInt() @Min(0) @Max(MAX_QUANTITY) readonly quantityReceived!: number;
  @ApiPropertyOptional({ example: 2, description: 'of the received quantity, how much arrived damaged' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_QUANTITY) readonly quantityDamaged?: number;
}

export class ReceiptRequest {
  @ApiProperty({ type: [ReceiptLineRequest] }) @NestedArray(() => ReceiptLineRequest, { min: 1, max: 500 }) readonly lines!: ReceiptLineRequest[];
}
