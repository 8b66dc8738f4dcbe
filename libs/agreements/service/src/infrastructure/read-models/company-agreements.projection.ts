import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@b2b/event-store';
import type { Projection } from '@b2b/nest';
import type { AgreementEvent } from '@b2b/agreements-domain';
import { AgreementVersionEntity, CompanyActiveAgreementEntity } from './agreements.entities.js';

/** agreements_versions and agreements_company_active from the service's own agreement events. */
export const companyAgreementsProjection: Projection = {
  name: 'company-agreements',
  owns: [AgreementVersionEntity, CompanyActiveAgreementEntity],
  async apply(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent<AgreementEvent>;
    switch (event.type) {
      case 'AgreementDrafted':
        await manager.upsert(AgreementVersionEntity, { agreementId: event.data.agreementId, version: event.data.version, companyId: event.data.companyId, validTo: new Date(event.data.terms.validTo) }, ['agreementId', 'version']);
        return;
      case 'AgreementAmended': {
        const first = await manager.findOneBy(AgreementVersionEntity, { agreementId: event.data.agreementId, version: 1 });
        if (!first) return;
        await manager.upsert(AgreementVersionEntity, { agreementId: event.data.agreementId, version: event.data.version, companyId: first.companyId, validTo: new Date(event.data.terms.validTo) }, ['agreementId', 'version']);
        return;
      }
      case 'AgreementActivated': {
        const version = await manager.findOneBy(AgreementVersionEntity, { agreementId: event.data.agreementId, version: event.data.version });
        if (!version) return;
        await manager.upsert(CompanyActiveAgreementEntity, { companyId: event.data.companyId, agreementId: event.data.agreementId, version: event.data.version, validTo: version.validTo }, ['companyId']);
        return;
      }
      case 'AgreementSigned':
        return;
      default:
        return;
    }
  },
};
