import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { AuthConfig } from './auth.config.js';
import { TokenService } from './token.service.js';
import { UserTokenStates } from './user-token-states.js';

/** Registers token verification and the deny-by-default AccessGuard for the whole application. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: AuthConfig, useValue: config }, TokenService, UserTokenStates, { provide: APP_GUARD, useClass: AccessGuard }],
      exports: [AuthConfig, TokenService, UserTokenStates],
    };
  }
}
