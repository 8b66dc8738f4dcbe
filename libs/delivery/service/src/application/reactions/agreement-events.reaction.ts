import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AgreementActivated, CompanyRegistered, supersedesActivation, type AgreementActivatedV1, type CompanyRegisteredV1 } from '@b2b/contracts';
import { Inbox, ServiceRuntime } from '@b2b/nest';
import { AgreementTermsEntity, CompanyAgreementEntity, DeliveryLocationEntity } from '../../infrastructure/read-models/delivery.entities.js';

/** agreements.AgreementActivated → the delivery terms of that version (kept per version: an order is
 *  scheduled on the version it was priced on) and, per company, the version in force (the latest
 *  activation: an older one arriving late changes nothing). agreements.CompanyRegistered → the
 *  customer's locations. Read-model copies only, so they are written inside the inbox transaction. */
@Injectable()
export class AgreementEventsReaction implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
  ) {
    this.inbox = new Inbox(dataSource, 'delivery.agreements');
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('agreements', {
      contracts: [AgreementActivated, CompanyRegistered],
      handle: async ({ envelope, payload }) => {
        await this.inbox.once(envelope.eventId, (manager) =>
          envelope.type === CompanyRegistered.type ? this.company(manager, payload as CompanyRegisteredV1) : this.agreement(manager, payload as AgreementActivatedV1));
      },
    });
  }

  private async agreement(manager: EntityManager, event: AgreementActivatedV1): Promise<void> {
    const { agreementId, companyId, version, deliveryTerms } = event;
    const activatedAt = new Date(event.activatedAt);
    await manager.upsert(AgreementTermsEntity, { agreementId, version, companyId, leadTimeDays: deliveryTerms.leadTimeDays, deliveryWeekdays: deliveryTerms.deliveryWeekdays, activatedAt }, ['agreementId', 'version']);
    const known = await manager.findOne(CompanyAgreementEntity, { where: { companyId }, lock: { mode: 'pessimistic_write' } });
    if (!supersedesActivation(known, event)) return;
    await manager.upsert(CompanyAgreementEntity, { companyId, agreementId, version, activatedAt }, ['companyId']);
  }

  private async company(manager: EntityManager, event: CompanyRegisteredV1): Promise<void> {
    if (event.locations.length === 0) return;
    await manager.upsert(DeliveryLocationEntity, event.locations.map((l) => ({ locationId: l.id, companyId: event.companyId, name: l.name, address: l.address })), ['locationId']);
  }
}
