import { In, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { OrderDeliveriesEvent, ReceivedLine } from '@b2b/delivery-domain';
import { DeliveryEntity } from './delivery.entities.js';

const nothingReceived = (lines: readonly { sku: string }[]): ReceivedLine[] => lines.map((l) => ({ sku: l.sku, quantityReceived: 0, quantityDamaged: 0 }));

/** `deliveries` from the service's own order-deliveries events. */
export const deliveriesProjection: Projection = {
  name: 'deliveries',
  owns: [DeliveryEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<OrderDeliveriesEvent>;
    switch (event.type) {
      case 'DeliveryScheduled': {
        const { deliveryId, orderId, companyId, locationId, agreementId, agreementVersion, promisedDate, lines, rule, at } = event.data;
        await manager.upsert(DeliveryEntity, {
          deliveryId, orderId, companyId, locationId, agreementId, agreementVersion, promisedDate, originalPromisedDate: promisedDate, status: 'scheduled', lines,
          received: nothingReceived(lines), rule, reschedules: [], splitFrom: null, scheduledAt: new Date(at),
        }, ['deliveryId']);
        return;
      }
      case 'DeliveryRescheduled': {
        const { deliveryId, previousPromisedDate, newPromisedDate, reason, by, at } = event.data;
        const row = await manager.findOneByOrFail(DeliveryEntity, { deliveryId });
        await manager.update(DeliveryEntity, { deliveryId }, { promisedDate: newPromisedDate, reschedules: [...row.reschedules, { from: previousPromisedDate, to: newPromisedDate, reason, by, at }] });
        return;
      }
      case 'DeliverySplit': {
        const { deliveryId, parts, at } = event.data;
        const row = await manager.findOneByOrFail(DeliveryEntity, { deliveryId });
        const [first, ...others] = parts;
        await manager.update(DeliveryEntity, { deliveryId }, { promisedDate: first!.promisedDate, lines: [...first!.lines], received: nothingReceived(first!.lines) });
        if (others.length === 0) return;
        await manager.upsert(DeliveryEntity, others.map((p) => ({
          deliveryId: p.deliveryId, orderId: row.orderId, companyId: row.companyId, locationId: row.locationId, agreementId: row.agreementId, agreementVersion: row.agreementVersion,
          promisedDate: p.promisedDate, originalPromisedDate: row.originalPromisedDate, status: 'scheduled' as const, lines: [...p.lines], received: nothingReceived(p.lines),
          rule: row.rule, reschedules: [], splitFrom: deliveryId, scheduledAt: new Date(at),
        })), ['deliveryId']);
        return;
      }
      case 'DeliveryDispatched': {
        const { deliveryId, carrier, trackingReference, by, at } = event.data;
        await manager.update(DeliveryEntity, { deliveryId }, { status: 'dispatched', carrier: carrier ?? null, trackingReference: trackingReference ?? null, dispatchedAt: new Date(at), dispatchedBy: by });
        return;
      }
      case 'GoodsReceived': {
        const { deliveryId, totals, deliveryClosed, at } = event.data;
        await manager.update(DeliveryEntity, { deliveryId }, {
          received: totals, status: deliveryClosed ? 'received' : 'partially-received', lastReceivedAt: new Date(at), ...(deliveryClosed ? { fullyReceivedAt: new Date(at) } : {}),
        });
        return;
      }
      case 'OrderDeliveriesCancelled': {
        if (event.data.cancelled.length > 0) await manager.update(DeliveryEntity, { deliveryId: In(event.data.cancelled) }, { status: 'cancelled' });
        return;
      }
      default:
        return;
    }
  },
};
