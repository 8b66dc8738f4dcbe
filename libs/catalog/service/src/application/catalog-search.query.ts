import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, formatPrice, type Actor } from '@b2b/kernel';
import { isSupplierStaff } from '@b2b/auth';
import type { PriceRule } from '@b2b/kernel';
import { searchKey } from '../infrastructure/read-models/catalog.entities.js';

export interface CatalogItem {
  readonly sku: string;
  readonly typeNumber: string;
  readonly name: string;
  readonly category: string;
  readonly unit: string;
  /** For a customer: the price for one unit under its agreement (tiers need a quantity: ask the price
   *  endpoint). For supplier staff: the list price. */
  readonly unitPrice: string;
  readonly currency: string;
  readonly priceRule?: PriceRule;
  readonly agreementId?: string;
  readonly agreementVersion?: number;
}

export interface SearchParams {
  readonly q?: string;
  readonly category?: string;
  readonly limit: number;
  readonly offset: number;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Search over the catalog read model, in one query.
 *  - Text: SKU and type number exact or prefix (ignoring case, spaces and dashes), all words of SKU, type
 *    number, name and description in any order (full text), or any part of them (trigram index).
 *    Exact codes rank first, then prefixes, then full-text matches, then the rest, each by SKU. (Ranking
 *    by trigram similarity cost 10x on broad queries of 100,000 products: docs/benchmarks.md.) Fuzzy
 *    matching is left out of the filter: on codes it matches too much.
 *  - A customer's user sees only its agreement's assortment (contract SKUs, assortment SKUs and
 *    categories, discounted categories), at its prices (resolvePrice's rules for quantity 1), while the
 *    agreement is in force. Supplier staff see every active product at list price. */
@Injectable()
export class CatalogSearchQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async search(actor: Actor, params: SearchParams): Promise<{ items: CatalogItem[]; total: number }> {
    const args: unknown[] = [];
    const arg = (value: unknown): string => {
      args.push(value);
      return `$${args.length}`;
    };
    const where = ['p.active'];
    let rank = '';
    const q = params.q?.trim().toLowerCase();
    if (q) {
      const key = searchKey(q);
      const text = arg(q);
      const contains = arg(`%${escapeLike(q)}%`);
      const codes: string[] = [];
      let exact = 'false';
      if (key) {
        const k = arg(key);
        const prefix = arg(`${escapeLike(key)}%`);
        exact = `(p.sku_key = ${k} or p.type_number_key = ${k})`;
        codes.push(`p.sku_key like ${prefix}`, `p.type_number_key like ${prefix}`);
        rank = `case when ${exact} then 0 when p.sku_key like ${prefix} or p.type_number_key like ${prefix} then 1
                     when to_tsvector('simple', p.search_text) @@ websearch_to_tsquery('simple', ${text}) then 2 else 3 end`;
      }
      where.push(`(${[...codes, `to_tsvector('simple', p.search_text) @@ websearch_to_tsquery('simple', ${text})`, `p.search_text like ${contains}`].join(' or ')})`);
      rank = rank ? `${rank}, ` : '';
    }
    if (params.category) where.push(`p.category = ${arg(params.category)}`);
    let from: string;
    let price: string;
    if (isSupplierStaff(actor)) {
      from = 'catalog_products p';
      price = `p.list_price::text as "unitPrice", p.currency, null as "priceRule", null as "agreementId", null as "agreementVersion"`;
    } else {
      const company = arg(actor.companyId);
      const now = arg(this.clock.now());
      from = `catalog_products p
        join catalog_company_agreements ca on ca.company_id = ${company} and ca.valid_from <= ${now} and ${now} < ca.valid_to
        left join catalog_agreement_prices ap on ap.company_id = ca.company_id and ap.sku = p.sku
        cross join lateral (select (ca.category_discounts ->> p.category)::numeric as percent) d`;
      where.push(`(ap.sku is not null or (p.currency = ca.currency and (d.percent is not null or p.sku = any(ca.assortment_skus) or p.category = any(ca.assortment_categories))))`);
      price = `(case when ap.sku is not null then ap.unit_price when d.percent is not null then round(p.list_price * (100 - d.percent) / 100, 4) else p.list_price end)::text as "unitPrice",
               ca.currency,
               case when ap.sku is not null then 'contract' when d.percent is not null then 'category-discount' else 'list-price' end as "priceRule",
               ca.agreement_id as "agreementId", ca.version as "agreementVersion"`;
    }
    const limit = arg(params.limit);
    const offset = arg(params.offset);
    const rows = (await this.dataSource.query<unknown>(
      `select p.sku, p.type_number as "typeNumber", p.name, p.category, p.unit, ${price}, count(*) over () as total
         from ${from} where ${where.join(' and ')} order by ${rank}p.sku limit ${limit} offset ${offset}`,
      args,
    )) as Array<CatalogItem & { total: string; priceRule: PriceRule | null; agreementId: string | null; agreementVersion: number | null }>;
    const total = rows[0] ? Number(rows[0].total) : 0;
    return {
      items: rows.map(({ total: _t, priceRule, agreementId, agreementVersion, ...item }) => ({
        ...item,
        unitPrice: formatPrice(item.unitPrice),
        ...(agreementId && priceRule ? { priceRule, agreementId, agreementVersion: agreementVersion ?? 0 } : {}),
      })),
      total,
    };
  }
}

