import { Api, eventually, HttpError, inParallel, watchProgress, type Reply } from './client.js';
import { demoProducts, productCsv, type DemoProduct } from './catalog.js';
import { agreementBody, COMPANIES, SUPPLIER_STAFF, type DemoCompany, type Person } from './people.js';

/** A person of the demo, signed in. */
export interface Member {
  readonly person: Person;
  readonly userId: string;
  readonly api: Api;
}

export interface SeededCompany {
  readonly plan: DemoCompany;
  readonly id: string;
  readonly locations: readonly { id: string; name: string; address: string }[];
  readonly members: ReadonlyMap<string, Member>;
  readonly agreementId: string;
  member(key: string): Member;
}

export interface Platform {
  readonly anon: Api;
  readonly admin: Api;
  readonly supplierId: string;
  readonly staff: ReadonlyMap<string, Member>;
  readonly products: readonly DemoProduct[];
  readonly companies: readonly SeededCompany[];
  staffMember(key: string): Member;
}

export interface SetupOptions {
  readonly baseUrl: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  /** The password every demo user gets. */
  readonly password: string;
  readonly now: Date;
  readonly log: (line: string) => void;
}

const day = (date: Date, plusDays = 0): string => new Date(date.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);

const lookup = <T>(map: ReadonlyMap<string, T>, key: string, what: string): T => {
  const value = map.get(key);
  if (value === undefined) throw new Error(`no ${what} "${key}" in the demo`);
  return value;
};

/** Invites a person into a company as `inviter` (the supplier admin or the company's admin) and signs them in. */
const invite = async (inviter: Api, anon: Api, companyId: string, person: Person, password: string): Promise<Member> => {
  const { id } = await inviter.post<{ id: string }>(`/companies/${companyId}/users`, { email: person.email, name: person.name, roles: person.roles, password }, 201);
  return { person, userId: id, api: await anon.login(person.email, password) };
};

/** Agreements learn the catalog's SKUs from its events: a draft naming products listed a moment ago is
 *  refused as naming unknown SKUs until they arrived. */
const draftAgreement = (sales: Api, body: object): Promise<{ id: string }> =>
  eventually(async () => {
    const reply: Reply<{ id: string; message?: string }> = await sales.request('POST', '/agreements', body);
    if (reply.status === 201) return reply.body;
    if (reply.status === 422 && String(reply.body.message).includes('unknown SKUs')) return null;
    throw new HttpError('POST /agreements', reply);
  }, 'the catalog products known to agreements');

const seedCompany = async (plan: DemoCompany, platform: Omit<Platform, 'companies'>, options: SetupOptions): Promise<SeededCompany> => {
  const { admin, anon } = platform;
  const sales = platform.staffMember('sales').api;
  const created = await sales.post<{ id: string; locations: { id: string; name: string; address: string }[] }>('/companies', { name: plan.name, locations: plan.locations }, 201);
  // The supplier admin invites the company's admin, who invites the colleagues (shared/DOMAIN.md: "the company profile lets its admin invite these people").
  const [adminPerson, ...colleagues] = plan.people;
  const companyAdmin = await invite(admin, anon, created.id, adminPerson!, options.password);
  const others = await Promise.all(colleagues.map((p) => invite(companyAdmin.api, anon, created.id, p, options.password)));
  const members = new Map([companyAdmin, ...others].map((m) => [m.person.key, m]));
  const member = (key: string): Member => lookup(members, key, `person of ${plan.name}`);

  const drafted = await draftAgreement(sales, agreementBody(plan, created.id, platform.products, options.now));
  await sales.post(`/agreements/${drafted.id}/sign`);
  const signed = await member('procurement').api.post<{ status: string }>(`/agreements/${drafted.id}/sign`);
  if (signed.status !== 'active') throw new Error(`the agreement of ${plan.name} is ${signed.status} after both signatures`);

  // Budgets per cost center for this month (the second one tight at Maasdelta: some orders go over it and are flagged).
  const period = options.now.toISOString().slice(0, 7);
  await Promise.all(plan.costCenters.map((costCenter, i) =>
    member('admin').api.put('/orders/budgets', { costCenter, period, limit: plan.key === 'maasdelta' && i === 1 ? '6000.00' : i === 0 ? '80000.00' : '40000.00' })));
  // Holiday cover: Nordhafen's finance approver lets the company admin decide level-2 steps for two weeks.
  if (plan.key === 'nordhafen') {
    // Approvals learns of new colleagues from agreements' events: until then the delegate is not found (404).
    const cover = { delegateUserId: member('admin').userId, from: day(options.now), to: day(options.now, 14) };
    await eventually(async () => {
      const reply = await member('finance').api.request('POST', '/approvals/delegations', cover);
      if (reply.status === 201) return true;
      if (reply.status === 404) return false;
      throw new HttpError('POST /approvals/delegations', reply);
    }, 'approvals hearing of the company admin');
  }
  options.log(`  ${plan.name}: ${members.size} people, 2 locations, agreement signed by ${platform.staffMember('sales').person.name} and ${member('procurement').person.name}`);
  return { plan, id: created.id, locations: created.locations, members, agreementId: drafted.id, member };
};

/** Supplier staff, the catalog (one CSV import), the three customer companies with their people,
 *  budgets and signed agreements. */
export const setUp = async (options: SetupOptions): Promise<Platform> => {
  const anon = new Api(options.baseUrl);
  const token = await anon.post<{ accessToken: string; user: { companyId: string } }>('/auth/token', { email: options.adminEmail, password: options.adminPassword });
  const admin = anon.as(token.accessToken);
  watchProgress(admin);
  const supplierId = token.user.companyId;
  const staffList = await Promise.all(SUPPLIER_STAFF.map((p) => invite(admin, anon, supplierId, p, options.password)));
  const staff = new Map(staffList.map((m) => [m.person.key, m]));
  options.log(`  supplier staff: ${staffList.map((m) => `${m.person.name} (${m.person.roles.join(', ')})`).join(', ')}`);

  const products = demoProducts();
  const imported = await admin.expect<{ rows: number; listed: number }>(200, 'POST', '/products/import', productCsv(products), 'text/csv');
  options.log(`  catalog: ${imported.listed} of ${imported.rows} products listed by one CSV import, 8 categories`);

  const base = { anon, admin, supplierId, staff, products, staffMember: (key: string) => lookup(staff, key, 'supplier staff member') };
  const companies = await inParallel(COMPANIES, COMPANIES.length, (plan) => seedCompany(plan, base, options));
  return { ...base, companies };
};
