import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Invalid, type Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Roles } from '@b2b/auth';
import { Idempotent } from '@b2b/nest';
import { ProductHandler, type ImportReport } from '../application/product.handler.js';
import { ProductQuery, type PriceAnswer, type ProductView } from '../application/product.query.js';
import { CatalogSearchQuery, type CatalogItem } from '../application/catalog-search.query.js';
import { readProductCsv } from '../application/product-csv.js';
import { CreateProductRequest, DeactivateProductRequest, PriceRequest, SearchRequest } from './dto/catalog.requests.js';

const details = (body: CreateProductRequest) => ({ ...body, documents: (body.documents ?? []).map((d) => ({ name: d.name, url: d.url })) });

@ApiTags('catalog')
@ApiBearerAuth()
@Idempotent()
@Controller()
export class CatalogController {
  constructor(
    private readonly products: ProductHandler,
    private readonly query: ProductQuery,
    private readonly catalog: CatalogSearchQuery,
  ) {}

  @Post('products')
  @Roles('supplier-admin')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateProductRequest): Promise<ProductView> {
    const product = details(body);
    await this.products.list(actor, product);
    return { ...product, active: true };
  }

  /** The whole product as it should be now (SKU from the path; a SKU in the body must match). */
  @Put('products/:sku')
  @Roles('supplier-admin')
  async revise(@CurrentActor() actor: Actor, @Param('sku') sku: string, @Body() body: CreateProductRequest): Promise<{ sku: string }> {
    if (body.sku !== sku) throw new Invalid('PRODUCT.SKU_MISMATCH', `sku: the body names ${body.sku}, the path ${sku}`);
    await this.products.revise(actor, details(body));
    return { sku };
  }

  @Post('products/:sku/deactivate')
  @Roles('supplier-admin')
  @HttpCode(200)
  async deactivate(@CurrentActor() actor: Actor, @Param('sku') sku: string, @Body() body: DeactivateProductRequest): Promise<{ sku: string; active: boolean }> {
    await this.products.setActive(actor, sku, false, body.reason);
    return { sku, active: false };
  }

  @Post('products/:sku/activate')
  @Roles('supplier-admin')
  @HttpCode(200)
  async activate(@CurrentActor() actor: Actor, @Param('sku') sku: string): Promise<{ sku: string; active: boolean }> {
    await this.products.setActive(actor, sku, true, '');
    return { sku, active: true };
  }

  /** A CSV file (Content-Type text/csv), header line first: sku, typeNumber, name, description, category,
   *  unit, listPrice, currency, and optionally documents ("name|url; name|url") and active (true/false).
   *  New SKUs are listed, known ones revised; all rows or none. */
  @Post('products/import')
  @Roles('supplier-admin')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'sku,typeNumber,name,description,category,unit,listPrice,currency\nBOLT-M8,DIN 933 M8x40,Hex bolt,Zinc plated,fasteners,piece,0.50,EUR' } })
  import(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ImportReport> {
    if (typeof body !== 'string') throw new Invalid('IMPORT.NOT_CSV', 'send the file as the body with Content-Type: text/csv');
    return this.products.import(actor, readProductCsv(body));
  }

  @Get('products/:sku')
  @AnyRole()
  product(@CurrentActor() actor: Actor, @Param('sku') sku: string): Promise<ProductView> {
    return this.query.product(actor, sku);
  }

  @Get('catalog/products/:sku/price')
  @AnyRole()
  price(@CurrentActor() actor: Actor, @Param('sku') sku: string, @Query() query: PriceRequest): Promise<PriceAnswer> {
    return this.query.price(actor, sku, query.quantity ?? 1, query.companyId);
  }

  @Get('catalog/search')
  @AnyRole()
  search(@CurrentActor() actor: Actor, @Query() query: SearchRequest): Promise<{ items: CatalogItem[]; total: number }> {
    return this.catalog.search(actor, { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }
}
