import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { FixedClock, type Actor } from '@b2b/kernel';
import { openReadModels } from '@b2b/nest';
import { CATALOG_ENTITIES, CATALOG_SEARCH_INDEXES, CatalogSearchQuery } from '@b2b/catalog-service';

/** `npm run bench:search`: catalog search over 100,000 products on a fresh database of the local
 *  PostgreSQL (DATABASE_URL's server). Latency per query kind, supplier view (list prices) and customer
 *  view (assortment and agreement prices). Numbers go to docs/benchmarks.md by hand. */
const server = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const database = `bench_search_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
const PRODUCTS = Number(process.env['PRODUCTS'] ?? 100_000);
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${database}`);
const url = server.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
const dataSource = await openReadModels(url, CATALOG_ENTITIES, { poolSize: 4 });
try {
  for (const statement of CATALOG_SEARCH_INDEXES) await dataSource.query(statement);
  const words = ['hex', 'bolt', 'nut', 'washer', 'screw', 'anchor', 'glove', 'tape', 'cable', 'drill', 'bit', 'saw', 'blade', 'clamp', 'hinge', 'lock'];
  const started = Date.now();
  await dataSource.query(
    `insert into catalog_products (sku, sku_key, type_number, type_number_key, name, description, search_text, category, unit, list_price, currency, documents, active)
     select sku, lower(replace(sku, '-', '')), tn, lower(replace(replace(tn, ' ', ''), '-', '')), name, descr, lower(sku || ' ' || tn || ' ' || name || ' ' || descr),
            'cat-' || (i % 50), 'piece', (1 + (i % 997) / 10.0)::numeric(19,4), 'EUR', '[]'::jsonb, true
       from (select i, 'SKU-' || lpad(i::text, 6, '0') as sku, 'DIN ' || (900 + i % 100) || '-M' || (i % 30) as tn,
                    (array[${words.map((w) => `'${w}'`).join(',')}])[1 + i % 16] || ' ' || (array[${words.map((w) => `'${w}'`).join(',')}])[1 + (i / 16) % 16] || ' M' || (i % 30) as name,
                    'zinc plated steel, size ' || (i % 200) || ', pack of ' || (1 + i % 50) as descr
               from generate_series(1, $1) as i) s`,
    [PRODUCTS],
  );
  const company = randomUUID();
  await dataSource.query(
    `insert into catalog_company_agreements (company_id, agreement_id, version, currency, valid_from, valid_to, activated_at, category_discounts, assortment_skus, assortment_categories)
     values ($1, $2, 1, 'EUR', '2026-01-01', '2030-01-01', now(), '{"cat-1": "10", "cat-2": "12.5"}', '{}', $3)`,
    [company, randomUUID(), Array.from({ length: 20 }, (_, i) => `cat-${i}`)],
  );
  await dataSource.query(
    `insert into catalog_agreement_prices (company_id, sku, agreement_id, agreement_version, unit_price, tiers, currency)
     select $1, 'SKU-' || lpad(i::text, 6, '0'), $2, 1, 0.5, '[]', 'EUR' from generate_series(1, $3, 10) as i`,
    [company, randomUUID(), PRODUCTS],
  );
  await dataSource.query('analyze');
  console.log(`seeded ${PRODUCTS} products, 1 company agreement (20 of 50 categories, ${PRODUCTS / 10} contract prices) in ${Date.now() - started} ms`);

  const query = new CatalogSearchQuery(dataSource, new FixedClock(new Date('2026-06-01T00:00:00Z')));
  const supplier: Actor = { userId: randomUUID(), companyId: randomUUID(), roles: ['sales'] };
  const customer: Actor = { userId: randomUUID(), companyId: company, roles: ['requester'] };
  const kinds: [string, (i: number) => string][] = [
    ['exact SKU', (i) => `SKU-${String(1 + ((i * 7919) % PRODUCTS)).padStart(6, '0')}`],
    ['type number prefix, spaces/dashes ignored', (i) => `din ${900 + (i % 100)}`],
    ['one word', (i) => words[i % 16]!],
    ['two words', (i) => `${words[i % 16]} ${words[(i + 3) % 16]}`],
    ['substring', (i) => `${words[i % 16]!.slice(1, 4)}`],
  ];
  const RUNS = 50;
  for (const [who, actor] of [['supplier', supplier], ['customer', customer]] as const) {
    for (const [kind, q] of kinds) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const start = process.hrtime.bigint();
        total += (await query.search(actor, { q: q(i), limit: 50, offset: 0 })).total;
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      times.sort((a, b) => a - b);
      const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
      console.log(`${who.padEnd(9)} ${kind.padEnd(44)} p50 ${pct(0.5).padStart(7)} ms  p95 ${pct(0.95).padStart(7)} ms  (avg ${Math.round(total / RUNS)} matches)`);
    }
  }
} finally {
  await dataSource.destroy();
  await admin.query(`drop database if exists ${database}`);
  await admin.end();
}
