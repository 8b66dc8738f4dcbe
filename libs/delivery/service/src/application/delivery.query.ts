import { Injectable } from '@nestjs/common';
import { Between, DataSource, In, LessThanOrEqual, MoreThanOrEqual, type FindOptionsWhere } from 'typeorm';
import { Clock, NotFound, isUuid, type Actor, type ActorRef } from '@b2b/kernel';
import { assertCanSeeCompany, isSupplierStaff } from '@b2b/auth';
import { ServiceRuntime } from '@b2b/nest';
import { isLate, otifScore, periodDays, type DeliveryLine, type DeliveryStatus, type OtifScore, type PromiseInputs, type ReceivedLine } from '@b2b/delivery-domain';
import { DeliveryEntity, DeliveryLocationEntity, type RescheduleRecord } from '../infrastructure/read-models/delivery.entities.js';

export interface DeliveryView {
  readonly id: string;
  readonly orderId: string;
  readonly companyId: string;
  readonly locationId: string;
  /** The customer location the goods go to (null until its company registration arrived). */
  readonly shipTo: { readonly name: string; readonly address: string } | null;
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly promisedDate: string;
  readonly originalPromisedDate: string;
  readonly status: DeliveryStatus;
  /** The promised day has passed (by the service clock) and the goods are not all received. */
  readonly late: boolean;
  readonly lines: readonly DeliveryLine[];
  /** Per line, everything received so far. */
  readonly received: readonly ReceivedLine[];
  /** How the first promise was made: requested date, approval day, lead time, delivery weekdays. */
  readonly rule: PromiseInputs & { readonly earliestDate: string };
  /** Every change of the promise, oldest first: promised (from) against new (to), with the reason. */
  readonly reschedules: readonly RescheduleRecord[];
  readonly splitFrom: string | null;
  readonly despatch: { readonly carrier: string | null; readonly trackingReference: string | null; readonly dispatchedAt: string; readonly dispatchedBy: ActorRef | null } | null;
  readonly scheduledAt: string;
  readonly fullyReceivedAt: string | null;
}

export interface DeliveryFilter {
  readonly orderId?: string;
  readonly companyId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly status?: DeliveryStatus;
}

export type OtifView = OtifScore & { readonly companyId: string | null; readonly period: string; readonly from: string; readonly to: string };

/** Reads of the `deliveries` read model: supplier staff see every company's deliveries, customers their own. */
@Injectable()
export class DeliveryQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, filter: DeliveryFilter): Promise<DeliveryView[]> {
    const companyId = this.companyScope(actor, filter.companyId);
    const where: FindOptionsWhere<DeliveryEntity> = {
      ...(companyId ? { companyId } : {}), ...(filter.orderId ? { orderId: filter.orderId } : {}), ...(filter.status ? { status: filter.status } : {}),
      ...(filter.from && filter.to ? { promisedDate: Between(filter.from, filter.to) } : filter.from ? { promisedDate: MoreThanOrEqual(filter.from) } : filter.to ? { promisedDate: LessThanOrEqual(filter.to) } : {}),
    };
    const rows = await this.dataSource.getRepository(DeliveryEntity).find({ where, order: { promisedDate: 'ASC', scheduledAt: 'ASC', deliveryId: 'ASC' }, take: 1000 });
    return this.views(rows);
  }

  async one(actor: Actor, deliveryId: string): Promise<DeliveryView> {
    const [view] = await this.views([await this.find(actor, deliveryId)]);
    return view!;
  }

  /** The delivery row for an actor who may see it: another company's or an unknown one is 404. */
  async find(actor: Actor, deliveryId: string): Promise<DeliveryEntity> {
    const notFound = new NotFound('DELIVERY.NOT_FOUND', `delivery ${deliveryId} not found`);
    if (!isUuid(deliveryId)) throw notFound;
    const repository = this.dataSource.getRepository(DeliveryEntity);
    let row = await repository.findOneBy({ deliveryId });
    if (!row) {
      await this.runtime.projected(); // scheduled or split a moment ago: read our own writes
      row = await repository.findOneBy({ deliveryId });
    }
    if (!row) throw notFound;
    assertCanSeeCompany(actor, row.companyId, 'delivery', deliveryId);
    return row;
  }

  /** OTIF of the deliveries first promised in the period (a company's, or every company's for supplier staff). */
  async otif(actor: Actor, period: string, requestedCompanyId?: string): Promise<OtifView> {
    const companyId = this.companyScope(actor, requestedCompanyId);
    const { from, to } = periodDays(period);
    const rows = await this.dataSource.getRepository(DeliveryEntity).findBy({ ...(companyId ? { companyId } : {}), originalPromisedDate: Between(from, to) });
    const score = otifScore(rows.map((r) => ({ ...r, fullyReceivedAt: r.fullyReceivedAt?.toISOString() ?? null })));
    return { companyId: companyId ?? null, period, from, to, ...score };
  }

  /** Supplier staff: the company asked for, or all; customers: their own (asking for another company is 404). */
  private companyScope(actor: Actor, companyId?: string): string | undefined {
    if (isSupplierStaff(actor)) return companyId;
    if (companyId !== undefined) assertCanSeeCompany(actor, companyId, 'company', companyId);
    return actor.companyId;
  }

  private async views(rows: readonly DeliveryEntity[]): Promise<DeliveryView[]> {
    const locationIds = [...new Set(rows.map((r) => r.locationId))];
    const locations = locationIds.length > 0 ? await this.dataSource.getRepository(DeliveryLocationEntity).findBy({ locationId: In(locationIds) }) : [];
    const now = this.clock.now();
    return rows.map((r) => {
      const location = locations.find((l) => l.locationId === r.locationId && l.companyId === r.companyId);
      return {
        id: r.deliveryId, orderId: r.orderId, companyId: r.companyId, locationId: r.locationId, shipTo: location ? { name: location.name, address: location.address } : null,
        agreementId: r.agreementId, agreementVersion: r.agreementVersion, promisedDate: r.promisedDate, originalPromisedDate: r.originalPromisedDate, status: r.status,
        late: isLate(r, now), lines: r.lines, received: r.received, rule: r.rule, reschedules: r.reschedules, splitFrom: r.splitFrom,
        despatch: r.dispatchedAt ? { carrier: r.carrier, trackingReference: r.trackingReference, dispatchedAt: r.dispatchedAt.toISOString(), dispatchedBy: r.dispatchedBy } : null,
        scheduledAt: r.scheduledAt.toISOString(), fullyReceivedAt: r.fullyReceivedAt?.toISOString() ?? null,
      };
    });
  }
}
