import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GoodsReceived, OrderApproved, type Envelope, type GoodsReceivedV1, type OrderApprovedV1 } from '@b2b/contracts';
import { Inbox, InboxMessageEntity, ServiceRuntime } from '@b2b/nest';
import { AccrualHandler } from '../accrual.handler.js';

/** ordering.OrderApproved → the order's prices and quantities are recorded; delivery.GoodsReceived →
 *  the receipt accrues (received minus damaged) and, for a per-order agreement, a fully received order
 *  is invoiced. A receipt before its approval is parked on the order's accrual stream, not retried.
 *
 *  Idempotent twice over, as in approvals: the inbox skips a seen event id, and the accrual decider
 *  records nothing for an order or receipt it knows. The appends come first and the inbox row after
 *  them, outside any inbox transaction (the event store may be another database, and the embedded
 *  run's PGlite has a single connection); a crash in between redelivers and the decider ignores it. */
@Injectable()
export class OrderAndDeliveryReaction implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly accruals: AccrualHandler,
  ) {
    this.inbox = new Inbox(dataSource, 'invoicing.orders-and-deliveries');
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('orders', {
      contracts: [OrderApproved],
      handle: ({ envelope, payload }) => this.once(envelope, () => this.accruals.recordApprovedOrder(payload as OrderApprovedV1, envelope)),
    });
    await this.runtime.subscribe('deliveries', {
      contracts: [GoodsReceived],
      handle: ({ envelope, payload }) => this.once(envelope, () => this.accruals.accrueReceipt(payload as GoodsReceivedV1, envelope)),
    });
  }

  private async once(envelope: Envelope, effect: () => Promise<void>): Promise<void> {
    if (await this.dataSource.getRepository(InboxMessageEntity).existsBy({ consumer: 'invoicing.orders-and-deliveries', eventId: envelope.eventId })) return;
    await effect();
    await this.inbox.once(envelope.eventId, async () => undefined);
  }
}
