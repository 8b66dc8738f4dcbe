import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderApproved, OrderCancelled, type OrderApprovedV1, type OrderCancelledV1 } from '@b2b/contracts';
import { Inbox, InboxMessageEntity, ServiceRuntime } from '@b2b/nest';
import { AgreementTermsEntity } from '../../infrastructure/read-models/delivery.entities.js';
import { OrderDeliveriesHandler } from '../order-deliveries.handler.js';

const CONSUMER = 'delivery.orders';

/** ordering.OrderApproved → the order's delivery is scheduled on the terms of the agreement version
 *  the order was priced on; ordering.OrderCancelled → its deliveries not dispatched yet are cancelled.
 *  Both come on one consumer group, so per order they are handled in the order ordering published them.
 *
 *  Early approval: when that version's AgreementActivated has not arrived yet, the handler throws and
 *  the subscriber delivers the message again until the terms are known (retry rather than a pending
 *  list, for simplicity). On Kafka the agreements topic is consumed by another group, so the terms
 *  arrive meanwhile; on the in-process bus it cannot happen: messages are delivered in publish order,
 *  and ordering cannot price an order before the activation was published. A cancellation of an order
 *  never submitted (round 0) cannot be followed by an approval and is passed over; any other is recorded
 *  even before scheduling, so an approval arriving after it schedules nothing.
 *
 *  Idempotent twice over: the inbox skips an event id seen before, and the decider schedules (or
 *  cancels) nothing for an order it has scheduled (or cancelled). The append is not made inside the inbox
 *  transaction (the event store may be another database, and the embedded PGlite has a single connection
 *  that transaction would hold), so the append comes first and the inbox row after it; a crash in
 *  between redelivers, and the decider ignores the repeat. */
@Injectable()
export class OrderApprovedReaction implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly deliveries: OrderDeliveriesHandler,
  ) {
    this.inbox = new Inbox(dataSource, CONSUMER);
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('orders', {
      contracts: [OrderApproved, OrderCancelled],
      handle: async ({ envelope, payload }) => {
        if (await this.dataSource.getRepository(InboxMessageEntity).existsBy({ consumer: CONSUMER, eventId: envelope.eventId })) return;
        if (envelope.type === OrderCancelled.type) {
          const cancelled = payload as OrderCancelledV1;
          if (cancelled.round > 0) await this.deliveries.cancelOrder(cancelled, envelope);
        } else {
          const order = payload as OrderApprovedV1;
          const terms = await this.dataSource.getRepository(AgreementTermsEntity).findOneBy({ agreementId: order.agreementId, version: order.agreementVersion });
          if (!terms) throw new Error(`terms of agreement ${order.agreementId} version ${order.agreementVersion} not known yet: retried until agreements.AgreementActivated arrives`);
          await this.deliveries.schedule(order, terms, envelope);
        }
        await this.inbox.once(envelope.eventId, async () => undefined);
      },
    });
  }
}
