import { Module, type DynamicModule } from '@nestjs/common';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { OrdersController } from './api/orders.controller.js';
import { OrderHandler } from './application/order.handler.js';
import { QuoteHandler } from './application/quote.handler.js';
import { OrderTrail } from './application/order-trail.js';
import { OrderPricing } from './application/order-pricing.js';
import { OrderingReactions } from './application/ordering.reactions.js';
import { orderingReadModels } from './infrastructure/read-models/ordering.read-models.js';
import { OrderListsController } from './api/order-lists.controller.js';
import { QuotesController } from './api/quotes.controller.js';

/** Orders from draft to approval: priced on the agreement version in force (learnt from agreements'
 *  and catalog's events), submitted to approvals, following the approval outcome; budgets per cost
 *  center and month. */
@Module({})
export class OrderingModule {
  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return {
      module: OrderingModule,
      controllers: [QuotesController, OrderListsController, OrdersController],
      providers: [...serviceProviders(infrastructure, orderingReadModels), OrderHandler, QuoteHandler, OrderTrail, OrderPricing, OrderingReactions],
    };
  }
}
