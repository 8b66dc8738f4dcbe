import type { Category, DemoProduct } from './catalog.js';
import { orderableCategories, type DemoCompany } from './people.js';

/** Where an order of the demo ends up. `approved` is not among them: in a running platform it lasts a
 *  moment, because delivery schedules every approved order as soon as it hears of it. */
export const TARGETS = ['draft', 'pending-approval', 'rejected', 'changes-requested', 'cancelled', 'scheduled', 'dispatched', 'partially-received', 'received', 'invoiced'] as const;
export type Target = (typeof TARGETS)[number];

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

export interface OrderPlan {
  /** 1…50, also the PO number's suffix. */
  readonly no: number;
  readonly company: DemoCompany;
  readonly target: Target;
  readonly requester: 'requester1' | 'requester2';
  /** The approval levels the order's total needs (0: approved on submission). */
  readonly levels: 0 | 1 | 2;
  readonly lines: readonly OrderLine[];
  readonly total: string;
  readonly daysAhead: number;
  readonly costCenter: string;
  /** Which variant of the target: where a chain stops or is cancelled, receipts in one or two goes. */
  readonly variant: number;
  /** The order whose trail the demo shows: changes requested, a revision, two levels (one by delegation),
   *  dispatch, a receipt with damage and the rest, the invoice. */
  readonly showcase: boolean;
}

/** How many orders of each target per company: per-order agreements end in `invoiced`, the monthly one
 *  in `received` (its invoice waits for the month close). 18 + 16 + 16 = 50. */
const MIX: Record<DemoCompany['key'], Partial<Record<Target, number>>> = {
  nordhafen: { 'invoiced': 5, 'draft': 2, 'pending-approval': 2, 'rejected': 1, 'changes-requested': 1, 'cancelled': 1, 'scheduled': 2, 'dispatched': 2, 'partially-received': 2 },
  maasdelta: { 'received': 5, 'draft': 2, 'pending-approval': 2, 'rejected': 1, 'changes-requested': 1, 'cancelled': 1, 'scheduled': 2, 'dispatched': 1, 'partially-received': 1 },
  wislan: { 'invoiced': 5, 'draft': 1, 'pending-approval': 2, 'rejected': 1, 'changes-requested': 1, 'cancelled': 1, 'scheduled': 2, 'dispatched': 2, 'partially-received': 1 },
};

/** A fixed-seed generator (mulberry32): the same orders on every run. */
const generator = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** The unit price the agreement gives (the same rules as the platform's, for the demo's own terms): a
 *  contract tier, the contract price, a category discount, else the list price. */
export const unitPriceFor = (company: DemoCompany, product: DemoProduct, quantity: number): number => {
  const list = Number(product.listPrice);
  const a = company.agreement;
  if (a.contractCategories.includes(product.category as Category)) {
    const [small, large] = list < 1 ? [1000, 5000] : list < 10 ? [100, 500] : [10, 50];
    const factor = quantity >= large ? 0.76 : quantity >= small ? 0.82 : 0.88;
    return Math.max(0.01, Number((list * factor).toFixed(2)));
  }
  const discount = a.discounts.find((d) => d.category === product.category);
  return discount ? Number((list * (1 - Number(discount.percent) / 100)).toFixed(2)) : list;
};

const roundQuantity = (q: number): number => (q >= 1000 ? Math.round(q / 100) * 100 : q >= 100 ? Math.round(q / 10) * 10 : Math.max(1, Math.round(q)));

const levelsOf = (company: DemoCompany, total: number): 0 | 1 | 2 => (total >= company.agreement.levels[1] ? 2 : total >= company.agreement.levels[0] ? 1 : 0);

/** Lines of 1–4 products the company may order, for a total in the band of `levels`. */
const linesFor = (company: DemoCompany, products: readonly DemoProduct[], levels: 0 | 1 | 2, random: () => number): { lines: OrderLine[]; total: number } => {
  const [l1, l2] = company.agreement.levels;
  const [low, high] = levels === 0 ? [0.2 * l1, 0.75 * l1] : levels === 1 ? [1.3 * l1, 0.7 * l2] : [1.2 * l2, 1.9 * l2];
  const categories = orderableCategories(company);
  const own = products.filter((p) => categories.includes(p.category as Category));
  for (;;) {
    const target = low + (high - low) * random();
    const count = 1 + Math.floor(random() * 4);
    const share = target / count;
    // products whose quantity for the share is sensible: at least 2, at most 4,000
    const fitting = own.filter((p) => share / Number(p.listPrice) >= 2 && share / Number(p.listPrice) <= 4000);
    const chosen = new Map<string, OrderLine>();
    for (let i = 0; i < count && fitting.length > 0; i++) {
      const product = fitting[Math.floor(random() * fitting.length)]!;
      chosen.set(product.sku, { sku: product.sku, quantity: roundQuantity(share / Number(product.listPrice)) });
    }
    const lines = [...chosen.values()];
    const total = lines.reduce((sum, l) => sum + unitPriceFor(company, own.find((p) => p.sku === l.sku)!, l.quantity) * l.quantity, 0);
    if (lines.length > 0 && levelsOf(company, total) === levels) return { lines, total };
  }
};

/** Which approval levels an order of each target needs, by its number among the company's orders of
 *  that target: chains that stop somewhere need a level there; fulfilled orders mix all three. */
const levelsFor = (target: Target, index: number): 0 | 1 | 2 => {
  switch (target) {
    case 'draft':
      return ([1, 0] as const)[index % 2]!;
    case 'pending-approval':
      return 2; // variant 0 waits at level 1, variant 1 at level 2
    case 'rejected':
    case 'changes-requested':
      return ([1, 2] as const)[index % 2]!;
    case 'cancelled':
      return 1;
    case 'scheduled':
    case 'dispatched':
    case 'partially-received':
    case 'received':
    case 'invoiced':
      return ([2, 0, 1, 1, 0] as const)[index % 5]!;
  }
};

/** The 50 orders, in a fixed order: the showcase first, then company by company. */
export const demoOrders = (companies: readonly DemoCompany[], products: readonly DemoProduct[]): OrderPlan[] => {
  const random = generator(20_260_101);
  const plans: OrderPlan[] = [];
  for (const company of companies) {
    const counts = MIX[company.key];
    for (const target of TARGETS) {
      for (let index = 0; index < (counts[target] ?? 0); index++) {
        const levels = levelsFor(target, index);
        const { lines, total } = linesFor(company, products, levels, random);
        const no = plans.length + 1;
        plans.push({
          no, company, target, levels, lines, total: total.toFixed(2), variant: index,
          requester: no % 3 === 0 ? 'requester2' : 'requester1', daysAhead: 4 + Math.floor(random() * 21),
          costCenter: company.costCenters[no % 2]!, showcase: company.key === 'nordhafen' && target === 'invoiced' && index === 0,
        });
      }
    }
  }
  if (plans.length !== 50) throw new Error(`the demo plans ${plans.length} orders, not 50`);
  return plans;
};
