import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ServiceRuntime, serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { OrdersController } from './api/orders.controller.js';
import { OrderHandler } from './application/order.handler.js';
import { QuoteHandler } from './application/quote.handler.js';
import { OrderTrail } from './application/order-trail.js';
import { OrderPricing } from './application/order-pricing.js';
import { OrderingReactions } from './application/ordering.reactions.js';
import { ORDERING_ENTITIES } from './infrastructure/read-models/ordering.entities.js';
import { orderListsProjection, ordersProjection, quoteRequestsProjection } from './infrastructure/read-models/orders.projection.js';
import { OrderListsController } from './api/order-lists.controller.js';
import { QuotesController } from './api/quotes.controller.js';

/** Orders from draft to approval: priced on the agreement version in force (learnt from agreements'
 *  and catalog's events), submitted to approvals, following the approval outcome; budgets per cost
 *  center and month. */
@Module({})
export class OrderingModule implements OnModuleInit {
  constructor(private readonly runtime: ServiceRuntime) {}

  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return {
      module: OrderingModule,
      controllers: [QuotesController, OrderListsController, OrdersController],
      providers: [...serviceProviders(infrastructure, ORDERING_ENTITIES), OrderHandler, QuoteHandler, OrderTrail, OrderPricing, OrderingReactions],
    };
  }

  onModuleInit(): void {
    this.runtime.addProjection(ordersProjection);
    this.runtime.addProjection(quoteRequestsProjection);
    this.runtime.addProjection(orderListsProjection);
  }
}
