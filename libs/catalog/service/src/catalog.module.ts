import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ServiceRuntime, serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { CatalogController } from './api/catalog.controller.js';
import { AgreementActivatedReaction } from './application/agreement-activated.reaction.js';
import { CatalogSearchQuery } from './application/catalog-search.query.js';
import { ProductHandler } from './application/product.handler.js';
import { catalogProductsProjection } from './infrastructure/read-models/catalog-products.projection.js';
import { CATALOG_ENTITIES } from './infrastructure/read-models/catalog.entities.js';

/** Products, each company's assortment and contract prices (learnt from agreements over the bus), search. */
@Module({})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly runtime: ServiceRuntime) {}

  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return {
      module: CatalogModule,
      controllers: [CatalogController],
      providers: [...serviceProviders(infrastructure, CATALOG_ENTITIES), ProductHandler, CatalogSearchQuery, AgreementActivatedReaction],
    };
  }

  onModuleInit(): void {
    this.runtime.addProjection(catalogProductsProjection);
  }
}
