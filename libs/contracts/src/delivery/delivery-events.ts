import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../define-event.js';
import { ActorRefV1 } from '../shared/actor-ref.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DeliveryLineV1 {
  @IsString() @Length(1, 64) readonly sku!: string;
  @IsInt() @Min(1) readonly quantity!: number;
}

/** A delivery of (part of) an approved order was scheduled with a promised date. */
export class DeliveryScheduledV1 {
  @IsUUID() readonly deliveryId!: string;
  @IsUUID() readonly orderId!: string;
  @IsUUID() readonly companyId!: string;
  @Matches(DATE) readonly promisedDate!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => DeliveryLineV1) readonly lines!: DeliveryLineV1[];
  @IsISO8601({ strict: true }) readonly scheduledAt!: string;
}

export const DeliveryScheduled = defineEvent({
  type: 'delivery.DeliveryScheduled', version: 1, topic: 'delivery.deliveries',
  key: (e: DeliveryScheduledV1) => e.orderId, companyId: (e: DeliveryScheduledV1) => e.companyId, payload: DeliveryScheduledV1,
});

/** A delivery left the supplier (despatch advice). */
export class DeliveryDispatchedV1 {
  @IsUUID() readonly deliveryId!: string;
  @IsUUID() readonly orderId!: string;
  @IsUUID() readonly companyId!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => DeliveryLineV1) readonly lines!: DeliveryLineV1[];
  @IsOptional() @IsString() @Length(1, 200) readonly carrier?: string;
  @IsOptional() @IsString() @Length(1, 200) readonly trackingReference?: string;
  @IsISO8601({ strict: true }) readonly dispatchedAt!: string;
  @ValidateNested() @Type(() => ActorRefV1) readonly dispatchedBy!: ActorRefV1;
}

export const DeliveryDispatched = defineEvent({
  type: 'delivery.DeliveryDispatched', version: 1, topic: 'delivery.deliveries',
  key: (e: DeliveryDispatchedV1) => e.orderId, companyId: (e: DeliveryDispatchedV1) => e.companyId, payload: DeliveryDispatchedV1,
});

export class ReceivedLineV1 {
  @IsString() @Length(1, 64) readonly sku!: string;
  @IsInt() @Min(0) readonly quantityReceived!: number;
  @IsInt() @Min(0) readonly quantityDamaged!: number;
}

/** A receiver of the customer recorded a goods receipt against a delivery (partial receipts leave the
 *  rest open). `deliveryClosed`: nothing of this delivery is open any more; `orderFullyReceived`: no
 *  delivery of the order is open (invoicing of per-order agreements waits for this). */
export class GoodsReceivedV1 {
  @IsUUID() readonly receiptId!: string;
  @IsUUID() readonly deliveryId!: string;
  @IsUUID() readonly orderId!: string;
  @IsUUID() readonly companyId!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ReceivedLineV1) readonly lines!: ReceivedLineV1[];
  @IsBoolean() readonly deliveryClosed!: boolean;
  @IsBoolean() readonly orderFullyReceived!: boolean;
  @Matches(DATE) readonly promisedDate!: string;
  @IsISO8601({ strict: true }) readonly receivedAt!: string;
  @ValidateNested() @Type(() => ActorRefV1) readonly receivedBy!: ActorRefV1;
}

export const GoodsReceived = defineEvent({
  type: 'delivery.GoodsReceived', version: 1, topic: 'delivery.deliveries',
  key: (e: GoodsReceivedV1) => e.orderId, companyId: (e: GoodsReceivedV1) => e.companyId, payload: GoodsReceivedV1,
});
