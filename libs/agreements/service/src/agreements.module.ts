import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { AccountsController } from './api/accounts.controller.js';
import { AgreementsController } from './api/agreements.controller.js';
import { AccountsHandler, BootstrapAdmin, SignInThrottleRef } from './application/accounts.handler.js';
import { SignInThrottle, type SignInCounterStore } from './application/sign-in-throttle.js';
import { AgreementHandler } from './application/agreement.handler.js';
import { ProductListedReaction } from './application/product-listed.reaction.js';
import { agreementsReadModels } from './infrastructure/read-models/agreements.read-models.js';

export interface AgreementsModuleOptions {
  readonly infrastructure: ServiceInfrastructure;
  readonly bootstrapAdmin: BootstrapAdmin;
  /** Where sign-in failures are counted: `database` (default: shared by every replica) or `memory` (one process). */
  readonly signInCounters?: SignInCounterStore;
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
        {
          provide: SignInThrottleRef,
          useFactory: async (dataSource: DataSource): Promise<SignInThrottleRef> => ({ throttle: await SignInThrottle.open(options.signInCounters ?? 'database', dataSource) }),
          inject: [DataSource],
        },
        AccountsHandler,
        AgreementHandler,
        ProductListedReaction,
      ],
    };
  }
}
