import { Module, type DynamicModule } from '@nestjs/common';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { DeliveriesController } from './api/deliveries.controller.js';
import { DeliveryQuery } from './application/delivery.query.js';
import { OrderDeliveriesHandler } from './application/order-deliveries.handler.js';
import { AgreementEventsReaction } from './application/reactions/agreement-events.reaction.js';
import { OrderApprovedReaction } from './application/reactions/order-approved.reaction.js';
import { deliveryReadModels } from './infrastructure/read-models/delivery.read-models.js';

/** Delivery scheduling: approved orders get a delivery promised by the agreement's lead time and
 *  delivery weekdays; supplier ops reschedule, split and dispatch; receivers record goods receipts;
 *  deliveries are listed with lateness, and OTIF is scored against the original promise. */
@Module({})
export class DeliveryModule {
  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return {
      module: DeliveryModule,
      controllers: [DeliveriesController],
      providers: [
        ...serviceProviders(infrastructure, deliveryReadModels),
        OrderDeliveriesHandler,
        DeliveryQuery,
        AgreementEventsReaction,
        OrderApprovedReaction,
      ],
    };
  }
}
