import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, IdGenerator, SystemClock, UuidGenerator } from '@b2b/kernel';
import { AuthModule, type AuthConfig } from '@b2b/auth';
import { ReadinessModule } from './readiness.js';

export interface PlatformOptions {
  readonly auth: AuthConfig;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

/** What every process has once: clock, id generator, authentication, readiness and /api/health. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [AuthModule.forRoot(options.auth), ReadinessModule],
      providers: [
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: IdGenerator, useValue: options.ids ?? new UuidGenerator() },
      ],
      exports: [Clock, IdGenerator],
    };
  }
}
