import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { CUSTOMER_ROLES, DECIMAL_PATTERN, type CustomerRole } from '@b2b/kernel';
import { defineEvent } from '../define-event.js';
import { ActorRefV1 } from '../shared/actor-ref.js';

/** One decided step of an approval chain, for the trail: who decided (and for whom, when delegated). */
export class ApprovalDecisionV1 {
  @IsInt() @Min(1) readonly level!: number;
  @IsIn(CUSTOMER_ROLES) readonly role!: CustomerRole;
  @Matches(DECIMAL_PATTERN) readonly minTotal!: string;
  @ValidateNested() @Type(() => ActorRefV1) readonly by!: ActorRefV1;
  @IsOptional() @IsUUID() readonly onBehalfOf?: string;
  @IsOptional() @IsString() @Length(0, 2000) readonly comment?: string;
  @IsISO8601({ strict: true }) readonly at!: string;
}

/** The approval round of an order ended. `outcome`: approved (every required level approved, or none
 *  was required), rejected (a reason is given) or changes-requested (the requester revises and resubmits). */
export class ApprovalRoundDecidedV1 {
  @IsUUID() readonly orderId!: string;
  @IsUUID() readonly companyId!: string;
  @IsInt() @Min(1) readonly round!: number;
  @IsIn(['approved', 'rejected', 'changes-requested']) readonly outcome!: 'approved' | 'rejected' | 'changes-requested';
  @IsOptional() @IsString() @Length(1, 2000) readonly reason?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ApprovalDecisionV1) readonly decisions!: ApprovalDecisionV1[];
  @IsISO8601({ strict: true }) readonly decidedAt!: string;
  /** Who ended the round (null when no level was required). */
  @IsOptional() @ValidateNested() @Type(() => ActorRefV1) readonly decidedBy?: ActorRefV1;
}

export const ApprovalRoundDecided = defineEvent({
  type: 'approvals.ApprovalRoundDecided',
  version: 1,
  topic: 'approvals.approvals',
  key: (e: ApprovalRoundDecidedV1) => e.orderId,
  companyId: (e: ApprovalRoundDecidedV1) => e.companyId,
  payload: ApprovalRoundDecidedV1,
});
