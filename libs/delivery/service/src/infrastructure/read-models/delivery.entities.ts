import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActorRef } from '@b2b/kernel';
import type { DeliveryLine, DeliveryStatus, PromiseInputs, ReceivedLine } from '@b2b/delivery-domain';

/** Delivery terms of every activated agreement version: an order is scheduled on the terms of the
 *  version it was priced on, even after a newer version came into force. */
@Entity({ name: 'delivery_agreement_terms' })
export class AgreementTermsEntity {
  @PrimaryColumn({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @PrimaryColumn({ type: 'int' }) readonly version!: number;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'int', name: 'lead_time_days' }) readonly leadTimeDays!: number;
  @Column({ type: 'int', array: true, name: 'delivery_weekdays' }) readonly deliveryWeekdays!: number[];
  @Column({ type: 'timestamptz', name: 'activated_at' }) readonly activatedAt!: Date;
}

/** Per company, the agreement version in force (the latest activation). */
@Entity({ name: 'delivery_company_agreements' })
export class CompanyAgreementEntity {
  @PrimaryColumn({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int' }) readonly version!: number;
  @Column({ type: 'timestamptz', name: 'activated_at' }) readonly activatedAt!: Date;
}

/** Where deliveries go: the customers' locations (agreements.CompanyRegistered). */
@Entity({ name: 'delivery_locations' })
export class DeliveryLocationEntity {
  @PrimaryColumn({ type: 'uuid', name: 'location_id' }) readonly locationId!: string;
  @Index() @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text' }) readonly address!: string;
}

export interface RescheduleRecord {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly by: ActorRef;
  readonly at: string;
}

/** One row per delivery: the lists, the single view and OTIF read it. Days are `YYYY-MM-DD` text. */
@Entity({ name: 'deliveries' })
@Index(['companyId', 'promisedDate'])
@Index(['companyId', 'originalPromisedDate'])
export class DeliveryEntity {
  @PrimaryColumn({ type: 'uuid', name: 'delivery_id' }) readonly deliveryId!: string;
  @Index() @Column({ type: 'uuid', name: 'order_id' }) readonly orderId!: string;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'location_id' }) readonly locationId!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int', name: 'agreement_version' }) readonly agreementVersion!: number;
  @Column({ type: 'text', name: 'promised_date' }) readonly promisedDate!: string;
  @Column({ type: 'text', name: 'original_promised_date' }) readonly originalPromisedDate!: string;
  @Column({ type: 'text' }) readonly status!: DeliveryStatus;
  @Column({ type: 'jsonb' }) readonly lines!: DeliveryLine[];
  /** Per line, everything received so far. */
  @Column({ type: 'jsonb' }) readonly received!: ReceivedLine[];
  /** How the first promise was made (for a part of a split: the promise of the delivery it came from). */
  @Column({ type: 'jsonb' }) readonly rule!: PromiseInputs & { earliestDate: string };
  @Column({ type: 'jsonb', default: () => "'[]'" }) readonly reschedules!: RescheduleRecord[];
  @Column({ type: 'uuid', name: 'split_from', nullable: true }) readonly splitFrom!: string | null;
  @Column({ type: 'text', nullable: true }) readonly carrier!: string | null;
  @Column({ type: 'text', name: 'tracking_reference', nullable: true }) readonly trackingReference!: string | null;
  @Column({ type: 'timestamptz', name: 'scheduled_at' }) readonly scheduledAt!: Date;
  @Column({ type: 'timestamptz', name: 'dispatched_at', nullable: true }) readonly dispatchedAt!: Date | null;
  @Column({ type: 'jsonb', name: 'dispatched_by', nullable: true }) readonly dispatchedBy!: ActorRef | null;
  @Column({ type: 'timestamptz', name: 'last_received_at', nullable: true }) readonly lastReceivedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'fully_received_at', nullable: true }) readonly fullyReceivedAt!: Date | null;
}

export const DELIVERY_ENTITIES = [AgreementTermsEntity, CompanyAgreementEntity, DeliveryLocationEntity, DeliveryEntity];
