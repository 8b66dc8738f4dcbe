import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles } from '@b2b/auth';
import type { ProductDetails } from '@b2b/catalog-domain';
import { ProductHandler } from '../application/product.handler.js';
import { CatalogSearchQuery, type CatalogItem } from '../application/catalog-search.query.js';
import { CreateProductRequest, SearchRequest } from './dto/catalog.requests.js';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(
    private readonly products: ProductHandler,
    private readonly catalog: CatalogSearchQuery,
  ) {}

  @Post('products')
  @Roles('supplier-admin')
  create(@CurrentActor() actor: Actor, @Body() body: CreateProductRequest): Promise<ProductDetails> {
    return this.products.list(actor, { ...body });
  }

  @Get('catalog/search')
  @AnyRole()
  search(@CurrentActor() actor: Actor, @Query() query: SearchRequest): Promise<{ items: CatalogItem[]; total: number }> {
    return this.catalog.search(actor, { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }
}
