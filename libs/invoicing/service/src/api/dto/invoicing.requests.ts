import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DECIMAL_PATTERN } from '@b2b/kernel';
import { IsMonth, IsTimestamp, NestedArray } from '@b2b/nest';

export class ClosePeriodRequest {
  @ApiProperty({ example: '2026-03', description: 'the month to close (UTC), after it ended' }) @IsMonth() readonly period!: string;
}

export class SetVatRateRequest {
  @ApiProperty({ example: 'books' }) @IsString() @Length(1, 100) readonly category!: string;
  @ApiProperty({ example: '7', description: 'percent, 0–100, up to two decimals' }) @Matches(/^\d{1,3}(\.\d{1,2})?$/, { message: 'rate must be a percent like "19" or "5.5"' }) readonly rate!: string;
}

export class RecordPaymentRequest {
  @ApiProperty({ example: '150.00', description: 'decimal string in the invoice currency' }) @Matches(DECIMAL_PATTERN, { message: 'amount must be a decimal string' }) readonly amount!: string;
  @ApiProperty({ example: '2026-04-15' }) @IsTimestamp() readonly paidAt!: string;
}

export class CreditNoteLineRequest {
  @ApiProperty({ example: 'BOLT-M8' }) @IsString() @Length(1, 64) readonly sku!: string;
  @ApiProperty({ example: 5 }) @IsInt() @Min(1) @Max(1_000_000) readonly quantity!: number;
  @ApiProperty({ example: 'returned: wrong thread' }) @IsString() @Length(1, 500) readonly reason!: string;
}

export class CreditNoteRequest {
  @ApiProperty({ type: [CreditNoteLineRequest] })
  @NestedArray(() => CreditNoteLineRequest, { min: 1, max: 500 }) readonly lines!: CreditNoteLineRequest[];
}
