import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ApprovalLevel, OrderStatus, PricedLine } from '@b2b/ordering-domain';

/** The agreement version in force per company, from agreements.AgreementActivated: what orders are priced on. */
@Entity({ name: 'ordering_agreements' })
export class OrderingAgreementEntity {
  @PrimaryColumn({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int' }) readonly version!: number;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'timestamptz', name: 'valid_from' }) readonly validFrom!: Date;
  @Column({ type: 'timestamptz', name: 'valid_to' }) readonly validTo!: Date;
  @Column({ type: 'timestamptz', name: 'activated_at' }) readonly activatedAt!: Date;
  /** SKU → { unitPrice, tiers } */
  @Column({ type: 'jsonb' }) readonly prices!: Record<string, { unitPrice: string; tiers: { minQty: number; unitPrice: string }[] }>;
  @Column({ type: 'jsonb', name: 'category_discounts' }) readonly categoryDiscounts!: Record<string, string>;
  @Column({ type: 'jsonb' }) readonly assortment!: { skus: string[]; categories: string[] };
  @Column({ type: 'jsonb', name: 'approval_policy' }) readonly approvalPolicy!: ApprovalLevel[];
}

/** Products as ordering needs them, from catalog.ProductListed / ProductChanged (the latest wins). */
@Entity({ name: 'ordering_products' })
export class OrderingProductEntity {
  @PrimaryColumn({ type: 'text' }) readonly sku!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text' }) readonly category!: string;
  @Column({ type: 'text' }) readonly unit!: string;
  @Column({ type: 'numeric', precision: 19, scale: 4, name: 'list_price' }) readonly listPrice!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'boolean' }) readonly active!: boolean;
  @Column({ type: 'timestamptz', name: 'changed_at' }) readonly changedAt!: Date;
}

/** Company locations, from agreements.CompanyRegistered. */
@Entity({ name: 'ordering_locations' })
export class OrderingLocationEntity {
  @PrimaryColumn({ type: 'uuid' }) readonly id!: string;
  @Index() @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text' }) readonly address!: string;
}

/** Orders as lists and detail pages show them (projection of the order streams). */
@Entity({ name: 'ordering_orders' })
@Index(['companyId', 'status'])
export class OrderViewEntity {
  @PrimaryColumn({ type: 'uuid', name: 'order_id' }) readonly orderId!: string;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'uuid', name: 'location_id' }) readonly locationId!: string;
  @Column({ type: 'uuid', name: 'requester_id' }) readonly requesterId!: string;
  @Column({ type: 'text' }) readonly status!: OrderStatus;
  @Column({ type: 'int' }) readonly round!: number;
  @Column({ type: 'date', name: 'requested_delivery_date' }) readonly requestedDeliveryDate!: string;
  @Column({ type: 'text', name: 'po_number', nullable: true }) readonly poNumber!: string | null;
  @Column({ type: 'text', name: 'cost_center', nullable: true }) readonly costCenter!: string | null;
  @Column({ type: 'jsonb' }) readonly lines!: PricedLine[];
  @Column({ type: 'numeric', precision: 19, scale: 2 }) readonly total!: string;
  @Column({ type: 'text' }) readonly currency!: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) readonly agreementId!: string;
  @Column({ type: 'int', name: 'agreement_version' }) readonly agreementVersion!: number;
  @Column({ type: 'boolean', name: 'budget_exceeded', default: false }) readonly budgetExceeded!: boolean;
  @Column({ type: 'timestamptz', name: 'created_at' }) readonly createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) readonly updatedAt!: Date;
}

/** Requests for quote, for the lists sales and buyers work from (projection of the quote streams). */
@Entity({ name: 'ordering_quote_requests' })
export class QuoteRequestViewEntity {
  @PrimaryColumn({ type: 'uuid', name: 'request_id' }) readonly requestId!: string;
  @Index() @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text' }) readonly status!: 'requested' | 'quoted' | 'accepted';
  @Column({ type: 'timestamptz', name: 'valid_until', nullable: true }) readonly validUntil!: Date | null;
  @Column({ type: 'timestamptz', name: 'requested_at' }) readonly requestedAt!: Date;
}

/** Saved order lists per user (projection of the order-list streams). */
@Entity({ name: 'ordering_order_lists' })
export class OrderListViewEntity {
  @PrimaryColumn({ type: 'uuid', name: 'list_id' }) readonly listId!: string;
  @Index() @Column({ type: 'uuid', name: 'owner_id' }) readonly ownerId!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'jsonb' }) readonly lines!: { sku: string; quantity: number }[];
}

export const ORDERING_ENTITIES = [OrderingAgreementEntity, OrderingProductEntity, OrderingLocationEntity, OrderViewEntity, QuoteRequestViewEntity, OrderListViewEntity];
