import { CATEGORIES, type Category, type DemoProduct } from './catalog.js';

/** Who works with the platform in the demo: the supplier's staff and three customer companies, each
 *  with two locations and the people of shared/DOMAIN.md "Who uses it". */
export type SupplierRole = 'supplier-admin' | 'sales' | 'supplier-ops' | 'supplier-finance';
export type CustomerRole = 'company-admin' | 'procurement' | 'requester' | 'approver' | 'receiver' | 'finance';

export interface Person {
  /** How the seed refers to the person (stable across runs). */
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly string[];
  /** What the person does in the demo, for the printed list of logins. */
  readonly job: string;
  /** Index of the location the person works at (requesters, receivers). */
  readonly location?: number;
}

export interface DemoCompany {
  readonly key: 'nordhafen' | 'maasdelta' | 'wislan';
  readonly name: string;
  readonly locations: readonly { name: string; address: string }[];
  readonly people: readonly Person[];
  readonly costCenters: readonly string[];
  readonly agreement: AgreementPlan;
}

export interface AgreementPlan {
  readonly title: string;
  readonly invoicing: 'per-order' | 'monthly';
  readonly netDays: number;
  readonly leadTimeDays: number;
  readonly deliveryWeekdays: readonly number[];
  /** Categories with contract prices (with volume tiers) on every product. */
  readonly contractCategories: readonly Category[];
  readonly discounts: readonly { category: Category; percent: string }[];
  /** Further categories the company may buy at list price. */
  readonly assortment: readonly Category[];
  /** Level 1 (role approver) and level 2 (role finance) thresholds, EUR. */
  readonly levels: readonly [number, number];
}

export const SUPPLIER_STAFF: readonly Person[] = [
  { key: 'sales', name: 'Sven Lindqvist', email: 'sven.lindqvist@supplier.example', roles: ['sales'], job: 'negotiates and signs agreements, answers quotes' },
  { key: 'ops', name: 'Olga Brandt', email: 'olga.brandt@supplier.example', roles: ['supplier-ops'], job: 'schedules and dispatches deliveries' },
  { key: 'finance', name: 'Felix Wagner', email: 'felix.wagner@supplier.example', roles: ['supplier-finance'], job: 'invoices, payments, month close' },
];

const person = (domain: string, key: string, name: string, roles: string[], job: string, location?: number): Person => ({
  key, name, roles, job, ...(location !== undefined ? { location } : {}),
  email: `${name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/[^a-z]+/g, '.')}@${domain}`,
});

/** The nine people of a customer company, with the same keys in every company. */
const staff = (domain: string, names: readonly string[], locations: readonly string[]): Person[] => {
  const [admin, procurement, requester1, requester2, approver1, approver2, finance, receiver1, receiver2] = names as [string, string, string, string, string, string, string, string, string];
  return [
    person(domain, 'admin', admin, ['company-admin'], 'company admin: invites colleagues, sets budgets, may cancel orders'),
    person(domain, 'procurement', procurement, ['procurement'], 'signs the agreement, asks for quotes'),
    person(domain, 'requester1', requester1, ['requester'], `orders for ${locations[0]}`, 0),
    person(domain, 'requester2', requester2, ['requester'], `orders for ${locations[1]}`, 1),
    person(domain, 'approver1', approver1, ['approver'], 'approves level 1'),
    person(domain, 'approver2', approver2, ['approver'], 'approves level 1'),
    person(domain, 'finance', finance, ['finance'], 'approves level 2, receives invoices'),
    person(domain, 'receiver1', receiver1, ['receiver'], `receives goods at ${locations[0]}`, 0),
    person(domain, 'receiver2', receiver2, ['receiver'], `receives goods at ${locations[1]}`, 1),
  ];
};

export const COMPANIES: readonly DemoCompany[] = [
  {
    key: 'nordhafen',
    name: 'Nordhafen Maschinenbau GmbH',
    locations: [{ name: 'Werk Hamburg-Harburg', address: 'Seehafenstraße 12, 21079 Hamburg, DE' }, { name: 'Lager Bremen', address: 'Hafenrandstraße 4, 28217 Bremen, DE' }],
    people: staff('nordhafen.example', ['Katrin Vogel', 'Jonas Becker', 'Lena Hoffmann', 'Tim Schulz', 'Markus Weber', 'Sabine Krüger', 'Frank Meyer', 'Ole Hansen', 'Mia Petersen'], ['Werk Hamburg-Harburg', 'Lager Bremen']),
    costCenters: ['CC-4100 Maintenance', 'CC-4200 Assembly'],
    agreement: {
      title: 'Framework agreement MRO supplies 2026–2027', invoicing: 'per-order', netDays: 30, leadTimeDays: 3, deliveryWeekdays: [1, 2, 3, 4, 5],
      contractCategories: ['fasteners', 'bearings'], discounts: [{ category: 'tools', percent: '8' }, { category: 'safety', percent: '12' }],
      assortment: ['abrasives', 'chemicals'], levels: [1000, 10000],
    },
  },
  {
    key: 'maasdelta',
    name: 'Maasdelta Process Systems B.V.',
    locations: [{ name: 'Botlek plant', address: 'Welplaatweg 90, 3197 KS Rotterdam, NL' }, { name: 'Europoort warehouse', address: 'Moezelweg 151, 3198 LS Europoort, NL' }],
    people: staff('maasdelta.example', ['Sanne de Vries', 'Daan Jansen', 'Emma Bakker', 'Lucas Visser', 'Thijs Smit', 'Femke Mulder', 'Ruben de Boer', 'Bram Meijer', 'Lotte Bos'], ['Botlek plant', 'Europoort warehouse']),
    costCenters: ['KP-210 Process maintenance', 'KP-330 Utilities'],
    agreement: {
      title: 'Raamovereenkomst fluid power & consumables 2026', invoicing: 'monthly', netDays: 60, leadTimeDays: 5, deliveryWeekdays: [2, 4],
      contractCategories: ['hydraulics'], discounts: [{ category: 'chemicals', percent: '5' }, { category: 'electrical', percent: '6.5' }],
      assortment: ['safety', 'fasteners'], levels: [750, 7500],
    },
  },
  {
    key: 'wislan',
    name: 'Wiślan Facility Services Sp. z o.o.',
    locations: [{ name: 'Kraków head office', address: 'ul. Lipowa 3, 30-702 Kraków, PL' }, { name: 'Katowice depot', address: 'ul. Porcelanowa 23, 40-246 Katowice, PL' }],
    people: staff('wislan.example', ['Agnieszka Nowak', 'Piotr Kowalski', 'Katarzyna Wiśniewska', 'Tomasz Wójcik', 'Marek Kamiński', 'Anna Lewandowska', 'Ewa Zielińska', 'Paweł Szymański', 'Michał Woźniak'], ['Kraków head office', 'Katowice depot']),
    costCenters: ['MPK-01 Facilities', 'MPK-02 Cleaning'],
    agreement: {
      title: 'Umowa ramowa — facility supplies 2026', invoicing: 'per-order', netDays: 45, leadTimeDays: 2, deliveryWeekdays: [1, 3, 5],
      contractCategories: ['electrical', 'safety'], discounts: [{ category: 'abrasives', percent: '10' }, { category: 'chemicals', percent: '7.5' }],
      assortment: ['tools'], levels: [500, 5000],
    },
  },
];

const cents = (value: number): string => value.toFixed(2);

/** The body of POST /api/agreements for a company: contract prices with volume tiers on its contract
 *  categories (about 12 % off list, 18 % from a volume, 24 % from a larger one), category discounts, an
 *  assortment and a two-level approval policy; valid from January of this year for two years. */
export const agreementBody = (company: DemoCompany, companyId: string, products: readonly DemoProduct[], now: Date): object => {
  const { agreement: a } = company;
  const year = now.getUTCFullYear();
  const contract = products.filter((p) => a.contractCategories.includes(p.category as Category));
  const tierQty = (listPrice: number): [number, number] => (listPrice < 1 ? [1000, 5000] : listPrice < 10 ? [100, 500] : [10, 50]);
  return {
    companyId, title: a.title, currency: 'EUR', validFrom: `${year}-01-01`, validTo: `${year + 1}-12-31`,
    paymentTerms: { netDays: a.netDays, invoicing: a.invoicing },
    deliveryTerms: { leadTimeDays: a.leadTimeDays, deliveryWeekdays: a.deliveryWeekdays },
    prices: contract.map((p) => {
      const list = Number(p.listPrice);
      const [small, large] = tierQty(list);
      return {
        sku: p.sku, unitPrice: cents(Math.max(0.01, list * 0.88)),
        tiers: [{ minQty: small, unitPrice: cents(Math.max(0.01, list * 0.82)) }, { minQty: large, unitPrice: cents(Math.max(0.01, list * 0.76)) }],
      };
    }),
    categoryDiscounts: a.discounts,
    assortment: { skus: [], categories: a.assortment },
    approvalPolicy: { levels: [{ minTotal: String(a.levels[0]), role: 'approver' }, { minTotal: String(a.levels[1]), role: 'finance' }] },
  };
};

/** Categories a company may order from (contract, discounted and assortment categories). */
export const orderableCategories = (company: DemoCompany): Category[] =>
  CATEGORIES.filter((c) => company.agreement.contractCategories.includes(c) || company.agreement.discounts.some((d) => d.category === c) || company.agreement.assortment.includes(c));
