import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested,
} from 'class-validator';
import { CUSTOMER_ROLES, DECIMAL_PATTERN, type CustomerRole } from '@b2b/kernel';
import { defineEvent } from '../define-event.js';
import { ActorRefV1 } from '../shared/actor-ref.js';

export class OrderLineV1 {
  @IsString() @Length(1, 64) readonly sku!: string;
  @IsInt() @Min(1) readonly quantity!: number;
  @Matches(DECIMAL_PATTERN) readonly unitPrice!: string;
  @Matches(DECIMAL_PATTERN) readonly lineTotal!: string;
}

export class PolicyLevelV1 {
  @Matches(DECIMAL_PATTERN) readonly minTotal!: string;
  @IsIn(CUSTOMER_ROLES) readonly role!: CustomerRole;
}

/** An order was submitted for approval (round 1) or resubmitted after a rejection or a change request
 *  (round 2, 3, …). Carries the approval policy of the agreement version the order was priced on, so
 *  approvals decides the chain without asking anyone. */
export class OrderSubmittedV1 {
  @IsUUID() readonly orderId!: string;
  @IsUUID() readonly companyId!: string;
  @IsUUID() readonly locationId!: string;
  @IsInt() @Min(1) readonly round!: number;
  @Matches(DECIMAL_PATTERN) readonly total!: string;
  @Matches(/^[A-Z]{3}$/) readonly currency!: string;
  @IsUUID() readonly agreementId!: string;
  @IsInt() @Min(1) readonly agreementVersion!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => PolicyLevelV1) readonly approvalPolicy!: PolicyLevelV1[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => OrderLineV1) readonly lines!: OrderLineV1[];
  @IsOptional() @IsString() @Length(1, 100) readonly poNumber?: string;
  @IsOptional() @IsString() @Length(1, 100) readonly costCenter?: string;
  /** The cost center's monthly budget was exceeded by this order (it still needs its approvals). */
  @IsBoolean() readonly budgetExceeded!: boolean;
  @IsISO8601({ strict: true }) readonly requestedDeliveryDate!: string;
  @IsISO8601({ strict: true }) readonly submittedAt!: string;
  @ValidateNested() @Type(() => ActorRefV1) readonly submittedBy!: ActorRefV1;
}

export const OrderSubmitted = defineEvent({
  type: 'ordering.OrderSubmitted',
  version: 1,
  topic: 'ordering.orders',
  key: (e: OrderSubmittedV1) => e.orderId,
  companyId: (e: OrderSubmittedV1) => e.companyId,
  payload: OrderSubmittedV1,
});

/** An order was cancelled by the customer (before dispatch): open approval steps close. */
export class OrderCancelledV1 {
  @IsUUID() readonly orderId!: string;
  @IsUUID() readonly companyId!: string;
  @IsInt() @Min(0) readonly round!: number;
  @IsString() @Length(1, 500) readonly reason!: string;
  @IsISO8601({ strict: true }) readonly cancelledAt!: string;
  @ValidateNested() @Type(() => ActorRefV1) readonly cancelledBy!: ActorRefV1;
}

export const OrderCancelled = defineEvent({
  type: 'ordering.OrderCancelled',
  version: 1,
  topic: 'ordering.orders',
  key: (e: OrderCancelledV1) => e.orderId,
  companyId: (e: OrderCancelledV1) => e.companyId,
  payload: OrderCancelledV1,
});

/** An order is approved (every required level approved, or none required) and goes to delivery
 *  scheduling and invoicing with what they need. Published by ordering when it learnt the outcome. */
export class OrderApprovedV1 {
  @IsUUID() readonly orderId!: string;
  @IsUUID() readonly companyId!: string;
  @IsUUID() readonly locationId!: string;
  @IsUUID() readonly agreementId!: string;
  @IsInt() @Min(1) readonly agreementVersion!: number;
  @Matches(DECIMAL_PATTERN) readonly total!: string;
  @Matches(/^[A-Z]{3}$/) readonly currency!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => OrderLineV1) readonly lines!: OrderLineV1[];
  @IsOptional() @IsString() @Length(1, 100) readonly poNumber?: string;
  @IsOptional() @IsString() @Length(1, 100) readonly costCenter?: string;
  @IsISO8601({ strict: true }) readonly requestedDeliveryDate!: string;
  @IsISO8601({ strict: true }) readonly approvedAt!: string;
}

export const OrderApproved = defineEvent({
  type: 'ordering.OrderApproved',
  version: 1,
  topic: 'ordering.orders',
  key: (e: OrderApprovedV1) => e.orderId,
  companyId: (e: OrderApprovedV1) => e.companyId,
  payload: OrderApprovedV1,
});
