import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ServiceRuntime, serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { DeliveriesController } from './api/deliveries.controller.js';
import { DeliveryQuery } from './application/delivery.query.js';
import { OrderDeliveriesHandler } from './application/order-deliveries.handler.js';
import { AgreementEventsReaction } from './application/reactions/agreement-events.reaction.js';
import { OrderApprovedReaction } from './application/reactions/order-approved.reaction.js';
import { deliveriesProjection } from './infrastructure/read-models/deliveries.projection.js';
import { DELIVERY_ENTITIES } from './infrastructure/read-models/delivery.entities.js';

/** Delivery scheduling: approved orders get a delivery promised by the agreement's lead time and
 *  delivery weekdays; supplier ops reschedule, split and dispatch; receivers record goods receipts;
 *  deliveries are listed with lateness, and OTIF is scored against the original promise. */
@Module({})
export class DeliveryModule implements OnModuleInit {
  constructor(private readonly runtime: ServiceRuntime) {}

  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return {
      module: DeliveryModule,
      controllers: [DeliveriesController],
      providers: [
        ...serviceProviders(infrastructure, DELIVERY_ENTITIES),
        OrderDeliveriesHandler,
        DeliveryQuery,
        AgreementEventsReaction,
        OrderApprovedReaction,
      ],
    };
  }

  onModuleInit(): void {
    this.runtime.addProjection(deliveriesProjection);
  }
}
