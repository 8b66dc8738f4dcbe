import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsDay, IsMonth, IsTimestamp, NestedArray } from '@b2b/nest';
const ORDER_STATUSES = ['draft', 'pending-approval', 'approved', 'rejected', 'changes-requested', 'cancelled', 'scheduled', 'dispatched', 'partially-received', 'received', 'invoiced'];

export class OrderLineRequest {
  @ApiProperty({ example: 'BOLT-M8-40' }) @IsString() @Length(1, 64) readonly sku!: string;
  @ApiProperty({ example: 250 }) @IsInt() @Min(1) @Max(10_000_000) readonly quantity!: number;
}

class OrderHeaderRequest {
  @ApiProperty() @IsUUID() readonly locationId!: string;
  @ApiProperty({ example: '2026-12-01' }) @IsDay() readonly requestedDeliveryDate!: string;
  @ApiPropertyOptional({ example: 'PO-4711' }) @IsOptional() @IsString() @Length(1, 100) readonly poNumber?: string;
  @ApiPropertyOptional({ example: 'CC-100' }) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._/ -]{0,49}$/, { message: 'costCenter must be 1-50 letters, digits, spaces, ".", "_", "-" or "/"' }) readonly costCenter?: string;
}

export class CreateOrderRequest extends OrderHeaderRequest {
  @ApiProperty({ type: [OrderLineRequest] }) @NestedArray(() => OrderLineRequest, { min: 1, max: 1000 }) readonly lines!: OrderLineRequest[];
}

export class QuickOrderRequest extends OrderHeaderRequest {
  @ApiProperty({ example: 'BOLT-M8-40 250\nNUT-M8 250', description: 'one "SKU quantity" per line (or a sku,quantity CSV)' }) @IsString() @Length(1, 200_000) readonly text!: string;
}

export class ReplaceLinesRequest {
  @ApiProperty({ type: [OrderLineRequest] }) @NestedArray(() => OrderLineRequest, { min: 1, max: 1000 }) readonly lines!: OrderLineRequest[];
}

export class ReorderRequest {
  @ApiProperty({ example: '2026-12-01' }) @IsDay() readonly requestedDeliveryDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() readonly locationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) readonly poNumber?: string;
}

export class CancelOrderRequest {
  @ApiProperty({ example: 'no longer needed' }) @IsString() @Length(1, 500) readonly reason!: string;
}

export class ListOrdersRequest {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional() @IsIn(ORDER_STATUSES) readonly status?: string;
  @ApiPropertyOptional({ description: 'supplier staff: one company' }) @IsOptional() @IsUUID() readonly companyId?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) readonly offset?: number;
}

export class SetBudgetRequest {
  @ApiProperty({ example: 'CC-100' }) @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._/ -]{0,49}$/, { message: 'costCenter must be 1-50 letters, digits, spaces, ".", "_", "-" or "/"' }) readonly costCenter!: string;
  @ApiProperty({ example: '2026-12' }) @IsMonth() readonly period!: string;
  @ApiProperty({ example: '25000.00' }) @Matches(/^\d{1,15}(\.\d{1,2})?$/, { message: 'limit must be a decimal amount like "25000.00"' }) readonly limit!: string;
}

export class BudgetQuery {
  @ApiProperty() @IsString() @Length(1, 50) readonly costCenter!: string;
  @ApiProperty() @IsMonth() readonly period!: string;
}

export class QuoteRequestRequest {
  @ApiProperty({ type: [OrderLineRequest] }) @NestedArray(() => OrderLineRequest, { min: 1, max: 200 }) readonly lines!: OrderLineRequest[];
  @ApiPropertyOptional({ example: 'for project X, delivery in two batches' }) @IsOptional() @IsString() @Length(0, 2000) readonly note?: string;
}

export class QuotePriceRequest {
  @ApiProperty() @IsString() @Length(1, 64) readonly sku!: string;
  @ApiProperty({ example: '0.38' }) @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'unitPrice must be a decimal string like "0.38"' }) readonly unitPrice!: string;
}

export class SendQuoteRequest {
  @ApiProperty({ type: [QuotePriceRequest] }) @NestedArray(() => QuotePriceRequest, { min: 1, max: 200 }) readonly prices!: QuotePriceRequest[];
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code like EUR' }) readonly currency!: string;
  @ApiProperty({ example: '2026-12-31T23:59:59Z' }) @IsTimestamp() readonly validUntil!: string;
}

export class AcceptQuoteRequest extends OrderHeaderRequest {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(1_000_000) readonly quoteNo!: number;
}

export class ListQuotesRequest {
  @ApiPropertyOptional({ enum: ['requested', 'quoted', 'accepted'] }) @IsOptional() @IsIn(['requested', 'quoted', 'accepted']) readonly status?: 'requested' | 'quoted' | 'accepted';
}

export class OrderListRequest {
  @ApiProperty({ example: 'Weekly consumables' }) @IsString() @Length(1, 200) readonly name!: string;
  @ApiProperty({ type: [OrderLineRequest] }) @NestedArray(() => OrderLineRequest, { min: 1, max: 1000 }) readonly lines!: OrderLineRequest[];
}

export class OrderFromListRequest extends OrderHeaderRequest {}
