import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderCancelled, OrderSubmitted, type OrderCancelledV1, type OrderSubmittedV1 } from '@b2b/contracts';
import { Inbox, InboxMessageEntity, ServiceRuntime } from '@b2b/nest';
import { ApprovalRoundHandler } from '../approval-round.handler.js';

const CONSUMER = 'approvals.orders';

/** ordering.OrderSubmitted → the order's approval round opens; ordering.OrderCancelled → it closes.
 *  One subscription for both, so an order's events arrive in order (one partition key).
 *
 *  Idempotent twice over: the inbox skips an event id seen before, and the round's decider records
 *  nothing for a submit whose round exists (appended with expected version 0). The append is not made
 *  inside the inbox transaction: the event store may be another database (KurrentDB), and the
 *  embedded run's PGlite has a single connection that transaction would hold. So the append comes
 *  first and the inbox row after it; a crash in between redelivers, and the decider ignores the repeat. */
@Injectable()
export class OrderEventsReaction implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly rounds: ApprovalRoundHandler,
  ) {
    this.inbox = new Inbox(dataSource, CONSUMER);
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('orders', {
      contracts: [OrderSubmitted, OrderCancelled],
      handle: async ({ envelope, payload }) => {
        if (await this.dataSource.getRepository(InboxMessageEntity).existsBy({ consumer: CONSUMER, eventId: envelope.eventId })) return;
        if (envelope.type === OrderSubmitted.type) await this.rounds.open(payload as OrderSubmittedV1, envelope);
        // round 0: cancelled while a draft, before any approval round
        else if ((payload as OrderCancelledV1).round > 0) await this.rounds.cancel(payload as OrderCancelledV1, envelope);
        await this.inbox.once(envelope.eventId, async () => undefined);
      },
    });
  }
}
