import { HttpError, RETRY_DEADLINE_MS, within, type SoakClient } from './client.js';

/** The products every journey orders from, with the contract price each company gets. Prices are chosen
 *  so that journeys need no approval (under 100), one level (approver, from 100) or two (finance too,
 *  from 1,000). */
export const PRODUCTS = [
  { key: 'washer', name: 'Washer M8', category: 'fasteners', listPrice: '2.50', unitPrice: '2.00' },
  { key: 'bracket', name: 'Steel bracket', category: 'fittings', listPrice: '18.00', unitPrice: '15.00' },
  { key: 'pump', name: 'Coolant pump', category: 'machines', listPrice: '140.00', unitPrice: '120.00' },
] as const;
export type ProductKey = (typeof PRODUCTS)[number]['key'];

export const APPROVAL_POLICY = { levels: [{ minTotal: '100', role: 'approver' }, { minTotal: '1000', role: 'finance' }] } as const;
export const PASSWORD = 'soak-password';

export interface Customer {
  readonly no: number;
  readonly id: string;
  readonly locationId: string;
  readonly requester: SoakClient;
  readonly approver: SoakClient;
  readonly finance: SoakClient;
  readonly receiver: SoakClient;
}

export interface Platform {
  readonly admin: SoakClient;
  readonly ops: SoakClient;
  readonly supplierFinance: SoakClient;
  readonly skus: Readonly<Record<ProductKey, string>>;
  readonly customers: readonly Customer[];
}

/** Sets the platform up through the gateway as the supplier admin would: supplier staff, three products
 *  (one CSV import), `companies` customer companies with a location and their people, and per company an
 *  agreement (per-order invoicing, the two-level approval policy) signed by sales and the company's
 *  procurement. Resolves when ordering knows every company's agreement, products and location. */
export const setUpPlatform = async (anon: SoakClient, run: string, companies: number, admin: { email: string; password: string }): Promise<Platform> => {
  const me = await anon.expect<{ accessToken: string; user: { companyId: string } }>(200, 'POST', '/auth/token', admin);
  const supplierAdmin = anon.as(me.accessToken);
  const invite = async (companyId: string, who: string, roles: string[]): Promise<SoakClient> => {
    const email = `${who}-${run}@soak.example`;
    const reply = await supplierAdmin.request('POST', `/companies/${companyId}/users`, { email, name: who, roles, password: PASSWORD });
    // a retried invite that was applied the first time finds the address taken
    if (reply.status !== 201 && !(reply.ambiguous && reply.status === 409)) throw new HttpError(`invite ${email}`, reply);
    return anon.login(email, PASSWORD);
  };
  const supplierId = me.user.companyId;
  const [sales, ops, supplierFinance] = await Promise.all([invite(supplierId, 'sales', ['sales']), invite(supplierId, 'ops', ['supplier-ops']), invite(supplierId, 'fin', ['supplier-finance'])]);

  const skus = Object.fromEntries(PRODUCTS.map((p) => [p.key, `SOAK-${p.key.toUpperCase()}-${run}`])) as Record<ProductKey, string>;
  const csv = ['sku,typeNumber,name,description,category,unit,listPrice,currency', ...PRODUCTS.map((p) => `${skus[p.key]},T-${p.key}-${run},${p.name},,${p.category},piece,${p.listPrice},EUR`)].join('\n');
  await supplierAdmin.expect(200, 'POST', '/products/import', csv, 'text/csv');

  const year = new Date().getUTCFullYear();
  const customers = await Promise.all(Array.from({ length: companies }, async (_, no): Promise<Customer> => {
    const company = await sales.expect<{ id: string; locations: { id: string }[] }>(201, 'POST', '/companies', { name: `Soak customer ${no + 1} ${run}`, locations: [{ name: 'Plant', address: `${no + 1} Soak Street` }] });
    const [procurement, requester, approver, finance, receiver] = await Promise.all([
      invite(company.id, `proc${no}`, ['procurement']), invite(company.id, `req${no}`, ['requester']), invite(company.id, `appr${no}`, ['approver']),
      invite(company.id, `fin${no}`, ['finance']), invite(company.id, `recv${no}`, ['receiver']),
    ]);
    const terms = {
      companyId: company.id, title: `Soak frame agreement ${no + 1}`, currency: 'EUR', validFrom: `${year - 1}-01-01`, validTo: `${year + 4}-12-31`,
      paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2, 3, 4, 5] },
      prices: PRODUCTS.map((p) => ({ sku: skus[p.key], unitPrice: p.unitPrice })), approvalPolicy: APPROVAL_POLICY,
    };
    // agreements learns the SKUs from the catalog's events: refused as unknown until they arrived
    const drafted = await within(RETRY_DEADLINE_MS, async () => {
      const reply = await sales.request<{ id: string; message?: string }>('POST', '/agreements', terms);
      if (reply.status === 201) return reply.body;
      if (reply.status === 422 && String(reply.body.message).includes('unknown SKUs')) return null;
      throw new HttpError('POST /agreements', reply);
    });
    if (!drafted) throw new Error(`agreements did not learn the soak's products within ${RETRY_DEADLINE_MS} ms`);
    await sales.expect(200, 'POST', `/agreements/${drafted.id}/sign`, {});
    const signed = await procurement.expect<{ status: string }>(200, 'POST', `/agreements/${drafted.id}/sign`, {});
    if (signed.status !== 'active') throw new Error(`the agreement of customer ${no + 1} is ${signed.status} after both signatures`);
    return { no, id: company.id, locationId: company.locations[0]!.id, requester, approver, finance, receiver };
  }));
  // The catalog shows each company its contract prices once the agreement reached it: then ordering,
  // delivery and invoicing (which learn it the same way) are about to know it too; the first journeys
  // wait for the rest.
  for (const c of customers) {
    const known = await within(RETRY_DEADLINE_MS, async () => (await c.requester.get<{ total: number }>(`/catalog/search?q=${run}`)).body.total === PRODUCTS.length);
    if (!known) throw new Error(`the catalog did not show customer ${c.no + 1} its ${PRODUCTS.length} products within ${RETRY_DEADLINE_MS} ms`);
  }
  return { admin: supplierAdmin, ops, supplierFinance, skus, customers };
};
