import { Module, type DynamicModule } from '@nestjs/common';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';

/** The delivery service: runs on its own event store, read-model database and bus subscription.
 *  Its domain (deciders, endpoints, reactions) arrives with its issue; until then it only takes part
 *  in start-up, readiness and shutdown like every other service. */
@Module({})
export class DeliveryModule {
  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return { module: DeliveryModule, providers: [...serviceProviders(infrastructure, [])] };
  }
}
