import { Module, type DynamicModule } from '@nestjs/common';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { AccountsController } from './api/accounts.controller.js';
import { AgreementsController } from './api/agreements.controller.js';
import { AccountsHandler, BootstrapAdmin } from './application/accounts.handler.js';
import { AgreementHandler } from './application/agreement.handler.js';
import { ProductListedReaction } from './application/product-listed.reaction.js';
import { agreementsReadModels } from './infrastructure/read-models/agreements.read-models.js';

export interface AgreementsModuleOptions {
  readonly infrastructure: ServiceInfrastructure;
  readonly bootstrapAdmin: BootstrapAdmin;
}

/** Agreements and accounts: companies, users, sign-in, agreements signed by both sides. */
@Module({})
export class AgreementsModule {
  static register(options: AgreementsModuleOptions): DynamicModule {
    return {
      module: AgreementsModule,
      controllers: [AccountsController, AgreementsController],
      providers: [
        ...serviceProviders(options.infrastructure, agreementsReadModels),
        { provide: BootstrapAdmin, useValue: options.bootstrapAdmin },
        AccountsHandler,
        AgreementHandler,
        ProductListedReaction,
      ],
    };
  }
}
