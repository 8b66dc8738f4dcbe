import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ServiceRuntime, serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { AccountsController } from './api/accounts.controller.js';
import { AgreementsController } from './api/agreements.controller.js';
import { AccountsHandler, BootstrapAdmin } from './application/accounts.handler.js';
import { AgreementHandler } from './application/agreement.handler.js';
import { ProductListedReaction } from './application/product-listed.reaction.js';
import { AGREEMENTS_ENTITIES } from './infrastructure/read-models/agreements.entities.js';
import { companyAgreementsProjection } from './infrastructure/read-models/company-agreements.projection.js';
import { AccountUserEntity } from './infrastructure/read-models/account-users.entity.js';
import { accountUsersProjection } from './infrastructure/read-models/account-users.projection.js';

export interface AgreementsModuleOptions {
  readonly infrastructure: ServiceInfrastructure;
  readonly bootstrapAdmin: BootstrapAdmin;
}

/** Agreements and accounts: companies, users, sign-in, agreements signed by both sides. */
@Module({})
export class AgreementsModule implements OnModuleInit {
  static register(options: AgreementsModuleOptions): DynamicModule {
    return {
      module: AgreementsModule,
      controllers: [AccountsController, AgreementsController],
      providers: [
        ...serviceProviders(options.infrastructure, [...AGREEMENTS_ENTITIES, AccountUserEntity]),
        { provide: BootstrapAdmin, useValue: options.bootstrapAdmin },
        AccountsHandler,
        AgreementHandler,
        ProductListedReaction,
      ],
    };
  }

  constructor(private readonly runtime: ServiceRuntime) {}

  onModuleInit(): void {
    this.runtime.addProjection(companyAgreementsProjection);
    this.runtime.addProjection(accountUsersProjection);
  }
}
