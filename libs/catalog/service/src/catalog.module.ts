import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { CatalogController } from './api/catalog.controller.js';
import { AgreementActivatedReaction } from './application/agreement-activated.reaction.js';
import { CatalogSearchQuery } from './application/catalog-search.query.js';
import { ProductHandler } from './application/product.handler.js';
import { ProductQuery } from './application/product.query.js';
import { CATALOG_SEARCH_INDEXES } from './infrastructure/read-models/catalog.entities.js';
import { catalogReadModels } from './infrastructure/read-models/catalog.read-models.js';
import { DataSource } from 'typeorm';

/** Products, each company's assortment and contract prices (learnt from agreements over the bus), search. */
@Module({})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  static register(infrastructure: ServiceInfrastructure): DynamicModule {
    return {
      module: CatalogModule,
      controllers: [CatalogController],
      providers: [...serviceProviders(infrastructure, catalogReadModels), ProductHandler, ProductQuery, CatalogSearchQuery, AgreementActivatedReaction],
    };
  }

  async onModuleInit(): Promise<void> {
    for (const statement of CATALOG_SEARCH_INDEXES) await this.dataSource.query(statement);
  }
}
