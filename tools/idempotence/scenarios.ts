import {
  PLANT, ada, agreementActivated, anna, alex, companyRegistered, deliveryDispatched, deliveryScheduled, goodsReceived, invoiceIssued, orderApproved, orderCancelled,
  leaver, orderSubmitted, otto, productChanged, productListed, ray, rita, roundDecided, userAccountChanged,
} from './fixtures.js';
import { fixtureId, type Scenario } from './journey.js';
import type { ServiceName } from './harness.js';

/** Every service keeps the user accounts agreements announces (its AccessGuard refuses revoked tokens,
 *  approvals checks delegates): a colleague invited, and one announced and then deactivated (a higher
 *  token version), whose deactivation also arrives again out of order. */
const userAccounts = async (j: Parameters<Scenario['journey']>[0]): Promise<void> => {
  await j.deliver(userAccountChanged(alex, T(1, 7)));
  await j.deliver(userAccountChanged(leaver, T(1, 7)));
  await j.deliver(userAccountChanged(leaver, T(1, 8), { tokenVersion: 1, active: false }));
};

const T = (day: number, hour = 9): string => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const ORDER_A = { orderId: fixtureId('order:a'), quantity: 2500, unitPrice: '0.41', agreementVersion: 1 };
const ORDER_B = { orderId: fixtureId('order:b'), quantity: 3000, unitPrice: '0.42', agreementVersion: 2 };
const ORDER_C = { orderId: fixtureId('order:c'), quantity: 1000, unitPrice: '0.41', agreementVersion: 1 };
const ORDER_D = { orderId: fixtureId('order:d'), quantity: 100, unitPrice: '0.41', agreementVersion: 1 };

/** Agreements learns the catalog's SKUs; its own commands register a customer, its people and an agreement. */
const agreements: Scenario = {
  service: 'agreements',
  startsAt: T(2, 8),
  journey: async (j) => {
    await userAccounts(j);
    await j.deliver(productListed('BOLT-M8', T(1)));
    await j.deliver(productListed('NUT-M8', T(1)));
    const admin = await j.command<{ user: { id: string; companyId: string; roles: string[] } }>(null, 'POST', '/auth/token', { email: 'admin@supplier.example', password: 'change-me-now' }, 200);
    const supplierAdmin = { userId: admin.user.id, companyId: admin.user.companyId, roles: ['supplier-admin' as const] };
    const company = await j.command<{ id: string; locations: { id: string }[] }>(supplierAdmin, 'POST', '/companies', { name: 'ACME Industrie GmbH', locations: [{ name: 'Plant Nord', address: 'Hafenstraße 1, Hamburg' }] });
    const buyer = await j.command<{ id: string }>(supplierAdmin, 'POST', `/companies/${company.id}/users`, { email: 'paula@acme.example', name: 'Paula', roles: ['procurement'], password: 'a long enough password' });
    const seller = await j.command<{ id: string }>(supplierAdmin, 'POST', `/companies/${admin.user.companyId}/users`, { email: 'sam@supplier.example', name: 'Sam', roles: ['sales'], password: 'a long enough password' });
    const sales = { userId: seller.id, companyId: admin.user.companyId, roles: ['sales' as const] };
    const procurement = { userId: buyer.id, companyId: company.id, roles: ['procurement' as const] };
    const agreement = await j.command<{ id: string }>(sales, 'POST', '/agreements', {
      companyId: company.id, title: 'Frame agreement 2026', currency: 'EUR', validFrom: '2026-01-01', validTo: '2026-12-31',
      paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 3, deliveryWeekdays: [1, 2, 3, 4, 5] },
      prices: [{ sku: 'BOLT-M8', unitPrice: '0.41', tiers: [{ minQty: 5000, unitPrice: '0.38' }] }], approvalPolicy: { levels: [{ minTotal: '1000', role: 'approver' }] },
      assortment: { skus: ['NUT-M8'] },
    });
    await j.command(sales, 'POST', `/agreements/${agreement.id}/sign`, {}, 200);
    await j.command(procurement, 'POST', `/agreements/${agreement.id}/sign`, {}, 200);
    // a SKU listed after the agreement named its neighbours, and a relisting of a known one
    await j.deliver(productListed('WASHER-M8', T(2)));
  },
};

/** The catalog keeps each company's agreement in force: an activation may come before its products, and
 *  versions may arrive out of order (the older one changes nothing). */
const catalog: Scenario = {
  service: 'catalog',
  startsAt: T(2, 8),
  journey: async (j) => {
    await userAccounts(j);
    await j.deliver(agreementActivated(1, T(1))); // prices for BOLT-M8, not listed yet
    await j.command(ada, 'POST', '/products', { sku: 'BOLT-M8', typeNumber: 'DIN 933 M8', name: 'Hex bolt M8', description: 'zinc plated', category: 'fasteners', unit: 'piece', listPrice: '0.50', currency: 'EUR' });
    await j.command(ada, 'POST', '/products', { sku: 'NUT-M8', typeNumber: 'DIN 934 M8', name: 'Hex nut M8', description: 'zinc plated', category: 'nuts', unit: 'piece', listPrice: '0.10', currency: 'EUR' });
    await j.deliver(agreementActivated(3, T(3))); // overtook version 2
    await j.deliver(agreementActivated(2, T(2)));
  },
};

/** Ordering: reference data (a change may overtake its listing), an order placed and submitted, its
 *  approval, its delivery steps (dispatch overtakes scheduling) and its invoice (before the receipt). */
const ordering: Scenario = {
  service: 'ordering',
  startsAt: T(2, 8),
  journey: async (j) => {
    await userAccounts(j);
    await j.deliver(companyRegistered(T(1, 8)));
    await j.deliver(productListed('BOLT-M8', T(1)));
    await j.deliver(productChanged('NUT-M8', T(1, 12))); // overtakes its listing
    await j.deliver(productListed('NUT-M8', T(1)));
    await j.deliver(agreementActivated(1, T(1, 10)));
    const order = await j.command<{ id: string }>(rita, 'POST', '/orders', { locationId: PLANT, requestedDeliveryDate: '2026-03-20', poNumber: 'PO-4711', lines: [{ sku: 'BOLT-M8', quantity: 2500 }, { sku: 'NUT-M8', quantity: 100 }] });
    await j.command(rita, 'POST', `/orders/${order.id}/submit`, {}, 200);
    await j.command(rita, 'POST', '/orders/quotes', { lines: [{ sku: 'BOLT-M8', quantity: 100_000 }], note: 'yearly demand' });
    await j.command(rita, 'POST', '/orders/lists', { name: 'Weekly', lines: [{ sku: 'NUT-M8', quantity: 50 }] });
    j.clock.set(T(3));
    await j.deliver(roundDecided(order.id, T(3), 'approved'));
    await j.deliver(agreementActivated(2, T(3, 10))); // a new version while the order is under way
    await j.deliver(deliveryDispatched(order.id, 2500, T(5), 'placed')); // overtakes the scheduling
    await j.deliver(deliveryScheduled(order.id, 2500, T(3, 12), 'placed'));
    await j.deliver(invoiceIssued(order.id, '1035.00', T(6), 'placed')); // overtakes the receipt
    await j.deliver(goodsReceived(order.id, 2500, T(6, 8), 'placed'));
    await j.deliver(roundDecided(order.id, T(4), 'announced-again')); // the same outcome under another event id
    await j.deliver(productChanged('BOLT-M8', T(6), { active: false }));
  },
};

/** Approvals: a round that is decided, one whose cancel overtakes its submission, one approved at once,
 *  a cancel while still a draft (round 0), and a cancel after the decision. */
const approvals: Scenario = {
  service: 'approvals',
  startsAt: T(2, 8),
  journey: async (j) => {
    await userAccounts(j);
    await j.deliver(orderSubmitted(ORDER_A, T(2)));
    const inbox = await j.command<{ id: string; orderId: string }[]>(anna, 'GET', '/approvals/inbox');
    const step = inbox.find((s) => s.orderId === ORDER_A.orderId);
    if (!step) throw new Error('no approval step for order A');
    await j.command(anna, 'POST', '/approvals/delegations', { delegateUserId: alex.userId, from: '2026-03-10', to: '2026-03-14' });
    await j.deliver(orderCancelled(ORDER_B, 1, T(2, 10))); // overtakes its submission
    await j.deliver(orderSubmitted(ORDER_B, T(2, 9)));
    await j.deliver(orderSubmitted(ORDER_D, T(2, 11))); // below every level: approved at once
    await j.deliver(orderCancelled(ORDER_C, 0, T(2, 12))); // a draft cancelled: no round
    await j.command(anna, 'POST', `/approvals/${step.id}/approve`, { comment: 'fine' }, 200);
    await j.deliver(orderCancelled(ORDER_A, 1, T(3))); // after the decision
    await j.deliver(orderSubmitted(ORDER_C, T(3, 10)));
  },
};

/** Delivery: locations and terms; an approval priced on a version whose terms have not arrived is
 *  refused until they do; the supplier dispatches and the customer receives; a cancellation takes back
 *  a scheduled delivery, and one that overtakes its order's approval leaves nothing to schedule. */
const delivery: Scenario = {
  service: 'delivery',
  startsAt: T(2, 8),
  journey: async (j) => {
    await userAccounts(j);
    await j.deliver(companyRegistered(T(1, 8)));
    await j.deliver(agreementActivated(1, T(1, 10)));
    await j.deliver(orderApproved(ORDER_A, T(2)));
    const early = orderApproved(ORDER_B, T(2, 10));
    await j.deliverEarly(early); // version 2's terms are not known yet
    await j.deliver(agreementActivated(2, T(2, 9)));
    await j.deliver(early);
    await j.deliver(agreementActivated(1, T(1, 10), { title: 'Frame agreement 2026 (resent)' }));
    const [scheduled] = await j.command<{ id: string }[]>(otto, 'GET', `/deliveries?orderId=${ORDER_A.orderId}`);
    if (!scheduled) throw new Error('order A was not scheduled');
    await j.command(otto, 'POST', `/deliveries/${scheduled.id}/dispatch`, { carrier: 'DHL', trackingReference: 'JD0123' }, 200);
    await j.command(ray, 'POST', `/deliveries/${scheduled.id}/receipt`, { lines: [{ sku: 'BOLT-M8', quantityReceived: 2500, quantityDamaged: 5 }] });
    await j.deliver(orderCancelled(ORDER_B, 1, T(3))); // scheduled, not dispatched: its delivery is cancelled
    await j.deliver(orderCancelled(ORDER_C, 1, T(3, 10))); // before its approval: recorded, so the approval schedules nothing
    await j.deliver(orderApproved(ORDER_C, T(3, 11)));
  },
};

/** Invoicing: reference data (a product change may overtake its listing), a receipt that overtakes its
 *  approval (parked, then invoiced), and an order fully received before its agreement version's terms
 *  (invoiced when they arrive). */
const invoicing: Scenario = {
  service: 'invoicing',
  startsAt: T(2, 8),
  journey: async (j) => {
    await userAccounts(j);
    await j.deliver(companyRegistered(T(1, 8)));
    await j.deliver(productListed('BOLT-M8', T(1)));
    await j.deliver(productChanged('NUT-M8', T(1, 12)));
    await j.deliver(productListed('NUT-M8', T(1))); // older than the change: changes nothing
    await j.deliver(agreementActivated(1, T(1, 10)));
    j.clock.set(T(6));
    await j.deliver(goodsReceived(ORDER_A.orderId, 2500, T(6, 8))); // overtakes the approval
    await j.deliver(orderApproved(ORDER_A, T(2)));
    await j.deliver(orderApproved(ORDER_B, T(2, 10))); // priced on version 2, not known yet
    await j.deliver(goodsReceived(ORDER_B.orderId, 3000, T(6, 9)));
    await j.deliver(agreementActivated(2, T(2, 9))); // the terms arrive: order B is invoiced now
    await j.deliver(productChanged('BOLT-M8', T(6, 10), { name: 'Hex bolt M8 (new coating)' }));
  },
};

export const SCENARIOS: Record<ServiceName, Scenario> = { agreements, catalog, ordering, approvals, delivery, invoicing };
