import type { ServiceReadModels } from '@b2b/nest';
import { AccountUserEntity } from './account-users.entity.js';
import { accountUsersProjection } from './account-users.projection.js';
import { AGREEMENTS_ENTITIES } from './agreements.entities.js';
import { companyAgreementsProjection } from './company-agreements.projection.js';

/** The agreements service's tables and its projections; agreements_known_products is fed by the catalog's events. */
export const agreementsReadModels: ServiceReadModels = {
  service: 'agreements',
  entities: [...AGREEMENTS_ENTITIES, AccountUserEntity],
  projections: [companyAgreementsProjection, accountUsersProjection],
};
