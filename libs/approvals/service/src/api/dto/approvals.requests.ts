import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { MAX_SETTING_HOURS } from '@b2b/approvals-domain';

export class ApproveStepRequest {
  @ApiPropertyOptional({ example: 'within budget' }) @IsOptional() @IsString() @MaxLength(2000) readonly comment?: string;
}

export class RejectStepRequest {
  @ApiProperty({ example: 'not in this quarter’s plan' }) @IsString() @Length(1, 2000) readonly reason!: string;
}

export class RequestChangesRequest {
  @ApiProperty({ example: 'split the order by cost center' }) @IsString() @Length(1, 2000) readonly comment!: string;
}

export class CreateDelegationRequest {
  @ApiProperty({ description: 'a colleague of your company' }) @IsUUID() readonly delegateUserId!: string;
  @ApiProperty({ example: '2026-07-01', description: 'a date (from the start of that UTC day) or a date-time' }) @IsISO8601({ strict: true }) readonly from!: string;
  @ApiProperty({ example: '2026-07-14', description: 'a date (to the end of that UTC day, included) or a date-time (excluded)' }) @IsISO8601({ strict: true }) readonly to!: string;
}

export class ApprovalSettingsRequest {
  @ApiProperty({ example: 48, description: 'hours an undecided step waits before it escalates to the company-admin' })
  @IsInt() @Min(1) @Max(MAX_SETTING_HOURS) readonly slaHours!: number;
  @ApiProperty({ example: 24, description: 'hours after which a reminder is due (less than slaHours)' })
  @IsInt() @Min(1) @Max(MAX_SETTING_HOURS) readonly reminderHours!: number;
}
