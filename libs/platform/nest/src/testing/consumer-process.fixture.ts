// A service process with one consumer group and nothing else (service-process.e2e-spec.ts starts it).
import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ThingHappened } from '@b2b/messaging/test-contracts';
import { ServiceRuntime, runServiceProcess, serviceProviders, type ServiceInfrastructure } from '../index.js';

@Injectable()
class ThingsReaction implements OnModuleInit {
  constructor(@Inject(ServiceRuntime) private readonly runtime: ServiceRuntime) {}
  async onModuleInit(): Promise<void> {
    await this.runtime.subscribe('things', { contracts: [ThingHappened], handle: async () => undefined });
  }
}

@Module({})
class FixtureModule {
  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return { module: FixtureModule, providers: [...serviceProviders(infrastructure, { service: 'fixture', entities: [], projections: [] }), ThingsReaction] };
  }
}

await runServiceProcess({ service: 'fixture', module: (infrastructure) => FixtureModule.register(infrastructure) });
