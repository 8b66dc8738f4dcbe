import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, type Actor } from '@b2b/kernel';
import { isSupplierStaff } from '@b2b/auth';
import { typeNumberKey } from '../infrastructure/read-models/catalog.entities.js';

export interface CatalogItem {
  readonly sku: string;
  readonly typeNumber: string;
  readonly name: string;
  readonly category: string;
  readonly unit: string;
  readonly unitPrice: string;
  readonly currency: string;
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

/** Search over the catalog read model. A customer's user sees only its agreement's assortment, at its
 *  contract prices, while the agreement is in force; supplier staff see every active product at list price. */
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
    const q = params.q?.trim();
    if (q) {
      const contains = arg(`%${escapeLike(q.toLowerCase())}%`);
      const keyPrefix = arg(`${escapeLike(typeNumberKey(q))}%`);
      where.push(`(lower(p.sku) like ${contains} or p.type_number_key like ${keyPrefix} or lower(p.name) like ${contains} or lower(p.description) like ${contains})`);
    }
    if (params.category) where.push(`p.category = ${arg(params.category)}`);
    let from: string;
    let price: string;
    if (isSupplierStaff(actor)) {
      from = 'catalog_products p';
      price = `p.list_price::text as "unitPrice", p.currency, null as "agreementId", null as "agreementVersion"`;
    } else {
      const company = arg(actor.companyId);
      const now = arg(this.clock.now());
      from = `catalog_products p
        join catalog_agreement_prices ap on ap.sku = p.sku and ap.company_id = ${company}
        join catalog_company_agreements ca on ca.company_id = ap.company_id and ca.agreement_id = ap.agreement_id
             and ca.valid_from <= ${now} and ${now} < ca.valid_to`;
      price = `ap.unit_price::text as "unitPrice", ap.currency, ap.agreement_id as "agreementId", ap.agreement_version as "agreementVersion"`;
    }
    const filter = where.join(' and ');
    const limit = arg(params.limit);
    const offset = arg(params.offset);
    const rows = (await this.dataSource.query<unknown>(
      `select p.sku, p.type_number as "typeNumber", p.name, p.category, p.unit, ${price}, count(*) over () as total
         from ${from} where ${filter} order by p.sku limit ${limit} offset ${offset}`,
      args,
    )) as Array<CatalogItem & { total: string; agreementId: string | null; agreementVersion: number | null }>;
    const total = rows[0] ? Number(rows[0].total) : 0;
    return {
      items: rows.map(({ total: _t, agreementId, agreementVersion, ...item }) => ({
        ...item,
        unitPrice: trimPrice(item.unitPrice),
        ...(agreementId ? { agreementId, agreementVersion: agreementVersion ?? 0 } : {}),
      })),
      total,
    };
  }
}

/** numeric(19,4) → at least two decimals ("0.4200" → "0.42", "1.2345" stays). */
const trimPrice = (value: string): string => value.replace(/(\.\d\d\d*?)0+$/, '$1');
