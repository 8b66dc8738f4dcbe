import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsTimestamp, NestedArray, NestedObject } from '@b2b/nest';
import { CUSTOMER_ROLES, type CustomerRole } from '@b2b/kernel';
import { MAX_POLICY_LEVELS, MAX_SETTING_HOURS } from '@b2b/approvals-domain';

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
  @ApiProperty({ example: '2026-07-01', description: 'a date (from the start of that UTC day) or a date-time' }) @IsTimestamp() readonly from!: string;
  @ApiProperty({ example: '2026-07-14', description: 'a date (to the end of that UTC day, included) or a date-time (excluded)' }) @IsTimestamp() readonly to!: string;
}

export class ApprovalSettingsRequest {
  @ApiProperty({ example: 48, description: 'hours an undecided step waits before it escalates to the company-admin' })
  @IsInt() @Min(1) @Max(MAX_SETTING_HOURS) readonly slaHours!: number;
  @ApiProperty({ example: 24, description: 'hours after which a reminder is due (less than slaHours)' })
  @IsInt() @Min(1) @Max(MAX_SETTING_HOURS) readonly reminderHours!: number;
}

export class ProposedLevelRequest {
  @ApiProperty({ example: '1000', description: 'orders of this total or more need the role (decimal string, at least 0)' })
  @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'minTotal must be a decimal string of at least 0, like "1000" or "2500.50"' }) readonly minTotal!: string;
  @ApiProperty({ enum: CUSTOMER_ROLES }) @IsIn(CUSTOMER_ROLES) readonly role!: CustomerRole;
}

export class ProposedPolicyRequest {
  @ApiProperty({ type: [ProposedLevelRequest], description: 'in ascending order of minTotal' })
  @NestedArray(() => ProposedLevelRequest, { max: MAX_POLICY_LEVELS })
  readonly levels!: ProposedLevelRequest[];
}

export class SimulatePolicyRequest {
  @ApiProperty({ description: 'the customer company whose orders are replayed' }) @IsUUID() readonly companyId!: string;
  @ApiProperty({ type: ProposedPolicyRequest }) @NestedObject(() => ProposedPolicyRequest) readonly approvalPolicy!: ProposedPolicyRequest;
  @ApiProperty({ example: '2026-01-01', description: 'submitted from: a date (from the start of that UTC day) or a date-time' }) @IsTimestamp() readonly from!: string;
  @ApiProperty({ example: '2026-03-31', description: 'submitted until: a date (to the end of that UTC day) or a date-time, both included' }) @IsTimestamp() readonly to!: string;
}
