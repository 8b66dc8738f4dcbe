import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  ApprovalRoundDecidedV1, DeliveryDispatchedV1, DeliveryScheduledV1, Envelope, GoodsReceivedV1, InvoiceIssuedV1,
} from '@b2b/contracts';
import { EventStore } from '@b2b/event-store';
import { orderStream, type Order, type OrderEvent } from '@b2b/ordering-domain';
import { AgreementVersionEntity, OrderTrailEntity } from '../infrastructure/read-models/ordering.entities.js';

type ActorView = { userId: string; companyId: string; role: string } | null;
type TrailRow = { -readonly [K in keyof OrderTrailEntity]: OrderTrailEntity[K] };

export interface TrailEntry {
  readonly at: string;
  readonly service: string;
  readonly type: string;
  readonly actor: ActorView;
  readonly onBehalfOf?: string;
  readonly data: object;
}

const SERVICE_ORDER = ['agreements', 'ordering', 'approvals', 'delivery', 'invoicing'];

/** The decision trail of an order, oldest first: the agreement version it was priced on, its own
 *  events, and the steps other services took (approval decisions, delivery, invoicing) as their events
 *  reached ordering. Entries are sorted when read, so events arriving out of order still line up. */
@Injectable()
export class OrderTrail {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  async approvals(eventId: string, event: ApprovalRoundDecidedV1): Promise<void> {
    const rows: TrailRow[] = event.decisions.map((d, i) => ({
      key: `${eventId}:${i}`, orderId: event.orderId, at: new Date(d.at), service: 'approvals', type: 'ApprovalStepDecided', actor: { ...d.by },
      onBehalfOf: d.onBehalfOf ?? null,
      data: { round: event.round, level: d.level, role: d.role, rule: `orders of ${d.minTotal} or more need ${d.role}`, decision: i === event.decisions.length - 1 && event.outcome !== 'approved' ? event.outcome : 'approved', ...(d.comment ? { comment: d.comment } : {}) },
    }));
    rows.push({
      key: `${eventId}:round`, orderId: event.orderId, at: new Date(event.decidedAt), service: 'approvals', type: 'ApprovalRoundDecided', actor: event.decidedBy ? { ...event.decidedBy } : null,
      onBehalfOf: null, data: { round: event.round, outcome: event.outcome, ...(event.reason ? { reason: event.reason } : {}), levelsDecided: event.decisions.length },
    });
    await this.save(rows);
  }

  async delivery(envelope: Envelope, event: DeliveryScheduledV1 | DeliveryDispatchedV1 | GoodsReceivedV1): Promise<void> {
    const type = envelope.type.replace(/^delivery\./, '');
    const at = 'scheduledAt' in event ? event.scheduledAt : 'dispatchedAt' in event ? event.dispatchedAt : event.receivedAt;
    const actor = 'dispatchedBy' in event ? event.dispatchedBy : 'receivedBy' in event ? event.receivedBy : envelope.actor;
    const { orderId: _o, companyId: _c, ...data } = event as unknown as Record<string, unknown> & { orderId: string; companyId: string };
    await this.save([{ key: envelope.eventId, orderId: event.orderId, at: new Date(at), service: 'delivery', type, actor: actor ? { ...actor } : null, onBehalfOf: null, data }]);
  }

  async invoice(eventId: string, event: InvoiceIssuedV1): Promise<void> {
    await this.save(event.orderIds.map((orderId) => ({
      key: `${eventId}:${orderId}`, orderId, at: new Date(event.issuedAt), service: 'invoicing', type: 'InvoiceIssued', actor: null, onBehalfOf: null,
      data: { invoiceId: event.invoiceId, number: event.number, total: event.total, currency: event.currency, issueDate: event.issueDate, dueDate: event.dueDate, ...(event.period ? { period: event.period } : {}) },
    })));
  }

  async read(order: Exclude<Order, { status: 'none' }>): Promise<TrailEntry[]> {
    const [{ events }, version, others] = await Promise.all([
      this.store.read<OrderEvent>(orderStream(order.orderId)),
      this.dataSource.manager.findOne(AgreementVersionEntity, { where: { agreementId: order.agreementId, version: order.agreementVersion } }),
      this.dataSource.manager.find(OrderTrailEntity, { where: { orderId: order.orderId } }),
    ]);
    const entries: TrailEntry[] = [];
    if (version) {
      entries.push({
        at: version.activatedAt.toISOString(), service: 'agreements', type: 'AgreementActivated', actor: version.activatedBy,
        data: { agreementId: version.agreementId, version: version.version, title: version.title, approvalPolicy: version.approvalPolicy },
      });
    }
    for (const event of events) {
      const { by, at, ...data } = event.data as { by?: ActorView; at?: string } & Record<string, unknown>;
      entries.push({ at: at ?? event.recordedAt.toISOString(), service: 'ordering', type: event.type, actor: by ?? event.meta.actor ?? null, data });
    }
    for (const row of others) {
      entries.push({ at: row.at.toISOString(), service: row.service, type: row.type, actor: row.actor, ...(row.onBehalfOf ? { onBehalfOf: row.onBehalfOf } : {}), data: row.data });
    }
    return entries.sort((a, b) => a.at.localeCompare(b.at) || SERVICE_ORDER.indexOf(a.service) - SERVICE_ORDER.indexOf(b.service));
  }

  private async save(rows: TrailRow[]): Promise<void> {
    if (rows.length > 0) await this.dataSource.createQueryBuilder().insert().into(OrderTrailEntity).values(rows).orIgnore().execute();
  }
}
