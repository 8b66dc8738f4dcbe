import {
  AgreementActivated, ApprovalRoundDecided, CompanyRegistered, DeliveryDispatched, DeliveryScheduled, GoodsReceived, InvoiceIssued, OrderApproved, OrderCancelled, OrderSubmitted,
  ProductChanged, ProductListed, UserAccountChanged,
  type AgreementActivatedV1, type ApprovalRoundDecidedV1, type CompanyRegisteredV1, type DeliveryDispatchedV1, type DeliveryScheduledV1, type Envelope, type GoodsReceivedV1,
  type InvoiceIssuedV1, type OrderApprovedV1, type OrderCancelledV1, type OrderSubmittedV1, type ProductChangedV1, type ProductListedV1, type UserAccountChangedV1,
} from '@b2b/contracts';
import { actingAs, type Actor, type Role } from '@b2b/kernel';
import { envelope, fixtureId } from './journey.js';

/** The cast and the integration events (named by stable labels, never by an id a service generated,
 *  so every run delivers the same event ids) of one purchase, as the other services publish them. */
export const SUPPLIER = fixtureId('company:supplier');
export const ACME = fixtureId('company:acme');
export const PLANT = fixtureId('location:acme-plant');
export const FRAME = fixtureId('agreement:frame');

const person = (name: string, roles: Role[], companyId = ACME): Actor => ({ userId: fixtureId(`person:${name}`), companyId, roles });
export const rita = person('rita', ['requester']);
export const anna = person('anna', ['approver']);
export const alex = person('alex', ['approver']);
export const paula = person('paula', ['procurement']);
export const ray = person('ray', ['receiver']);
export const carl = person('carl', ['company-admin']);
export const sam = person('sam', ['sales'], SUPPLIER);
export const otto = person('otto', ['supplier-ops'], SUPPLIER);
export const ada = person('ada', ['supplier-admin'], SUPPLIER);

/** Agreements announces a user account: invited (version 0, active), or deactivated (a higher version). */
export const userAccountChanged = (who: Actor, at: string, change: { tokenVersion?: number; active?: boolean } = {}): Envelope =>
  envelope(UserAccountChanged, {
    userId: who.userId, companyId: who.companyId, roles: [...who.roles], active: change.active ?? true, tokenVersion: change.tokenVersion ?? 0, at,
  } satisfies UserAccountChangedV1, `user-account-${who.userId}-${change.tokenVersion ?? 0}`, at);

/** Someone who leaves the company in the journeys (deactivated after being announced). */
export const leaver = person('leaver', ['requester']);

export const companyRegistered = (at: string): Envelope =>
  envelope(CompanyRegistered, {
    companyId: ACME, kind: 'customer', name: 'ACME Industrie GmbH', locations: [{ id: PLANT, name: 'Plant Nord', address: 'Hafenstraße 1, 20457 Hamburg' }], registeredAt: at,
  } satisfies CompanyRegisteredV1, 'company-registered', at);

/** Version 1: per-order invoicing, approver from 1000; later versions raise the contract price. */
export const agreementActivated = (version: number, at: string, over: Partial<AgreementActivatedV1> = {}): Envelope =>
  envelope(AgreementActivated, {
    agreementId: FRAME, companyId: ACME, version, title: 'Frame agreement 2026', currency: 'EUR',
    validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-12-31T23:59:59.999Z',
    paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 3 + version, deliveryWeekdays: [1, 2, 3, 4, 5] },
    prices: [{ sku: 'BOLT-M8', unitPrice: (0.4 + version / 100).toFixed(2), tiers: [{ minQty: 5000, unitPrice: '0.38' }] }],
    approvalPolicy: { levels: [{ minTotal: '1000', role: 'approver' }] },
    activatedAt: at, activatedBy: actingAs(paula, 'procurement'),
    categoryDiscounts: [{ category: 'nuts', percent: '10' }], assortment: { skus: ['NUT-M8'], categories: [] },
    ...over,
  } satisfies AgreementActivatedV1, `agreement-activated-v${version}`, at);

export const productListed = (sku: string, at: string): Envelope =>
  envelope(ProductListed, {
    sku, category: sku.startsWith('NUT') ? 'nuts' : 'fasteners', name: `${sku} zinc plated`, unit: 'piece', listPrice: '0.50', currency: 'EUR', companyId: SUPPLIER, listedAt: at,
  } satisfies ProductListedV1, `product-listed-${sku}`, at);

export const productChanged = (sku: string, at: string, over: Partial<ProductChangedV1> = {}): Envelope =>
  envelope(ProductChanged, {
    sku, category: sku.startsWith('NUT') ? 'nuts' : 'fasteners', name: `${sku} stainless`, unit: 'piece', listPrice: '0.65', currency: 'EUR', active: true, companyId: SUPPLIER, changedAt: at,
    ...over,
  } satisfies ProductChangedV1, `product-changed-${sku}-${at}`, at);

export interface OrderFacts {
  readonly orderId: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly agreementVersion: number;
}
const total = (o: OrderFacts): string => (o.quantity * Number(o.unitPrice)).toFixed(2);
const lines = (o: OrderFacts) => [{ sku: 'BOLT-M8', quantity: o.quantity, unitPrice: o.unitPrice, lineTotal: total(o) }];

export const orderSubmitted = (o: OrderFacts, at: string, round = 1): Envelope =>
  envelope(OrderSubmitted, {
    orderId: o.orderId, companyId: ACME, locationId: PLANT, round, total: total(o), currency: 'EUR', agreementId: FRAME, agreementVersion: o.agreementVersion,
    approvalPolicy: [{ minTotal: '1000', role: 'approver' }], lines: lines(o), budgetExceeded: false, requestedDeliveryDate: '2026-03-20', submittedAt: at,
    submittedBy: actingAs(rita, 'requester'),
  } satisfies OrderSubmittedV1, `order-submitted-${o.orderId}-${round}`, at);

export const orderCancelled = (o: Pick<OrderFacts, 'orderId'>, round: number, at: string): Envelope =>
  envelope(OrderCancelled, {
    orderId: o.orderId, companyId: ACME, round, reason: 'no longer needed', cancelledAt: at, cancelledBy: actingAs(rita, 'requester'),
  } satisfies OrderCancelledV1, `order-cancelled-${o.orderId}-${round}`, at);

export const orderApproved = (o: OrderFacts, at: string): Envelope =>
  envelope(OrderApproved, {
    orderId: o.orderId, companyId: ACME, locationId: PLANT, agreementId: FRAME, agreementVersion: o.agreementVersion, total: total(o), currency: 'EUR',
    lines: lines(o), requestedDeliveryDate: '2026-03-20', approvedAt: at, poNumber: 'PO-4711',
  } satisfies OrderApprovedV1, `order-approved-${o.orderId}`, at);

export const roundDecided = (orderId: string, at: string, label: string): Envelope =>
  envelope(ApprovalRoundDecided, {
    orderId, companyId: ACME, round: 1, outcome: 'approved',
    decisions: [{ level: 1, role: 'approver', minTotal: '1000', by: actingAs(anna, 'approver'), at, comment: 'fine' }],
    decidedAt: at, decidedBy: actingAs(anna, 'approver'),
  } satisfies ApprovalRoundDecidedV1, `round-decided-${label}`, at);

export const deliveryScheduled = (orderId: string, quantity: number, at: string, label = orderId): Envelope =>
  envelope(DeliveryScheduled, {
    deliveryId: fixtureId(`delivery:${label}`), orderId, companyId: ACME, promisedDate: '2026-03-20', lines: [{ sku: 'BOLT-M8', quantity }], scheduledAt: at,
  } satisfies DeliveryScheduledV1, `delivery-scheduled-${label}`, at);

export const deliveryDispatched = (orderId: string, quantity: number, at: string, label = orderId): Envelope =>
  envelope(DeliveryDispatched, {
    deliveryId: fixtureId(`delivery:${label}`), orderId, companyId: ACME, lines: [{ sku: 'BOLT-M8', quantity }], carrier: 'DHL', trackingReference: 'JD0123', dispatchedAt: at,
    dispatchedBy: actingAs(otto, 'supplier-ops'),
  } satisfies DeliveryDispatchedV1, `delivery-dispatched-${label}`, at);

export const goodsReceived = (orderId: string, quantity: number, at: string, label = orderId): Envelope =>
  envelope(GoodsReceived, {
    receiptId: fixtureId(`receipt:${label}`), deliveryId: fixtureId(`delivery:${label}`), orderId, companyId: ACME, lines: [{ sku: 'BOLT-M8', quantityReceived: quantity, quantityDamaged: 0 }],
    deliveryClosed: true, orderFullyReceived: true, promisedDate: '2026-03-20', receivedAt: at, receivedBy: actingAs(ray, 'receiver'),
  } satisfies GoodsReceivedV1, `goods-received-${label}`, at);

export const invoiceIssued = (orderId: string, totalAmount: string, at: string, label = orderId): Envelope =>
  envelope(InvoiceIssued, {
    invoiceId: fixtureId(`invoice:${label}`), number: 'INV-2026-000001', companyId: ACME, agreementId: FRAME, orderIds: [orderId], total: totalAmount, currency: 'EUR',
    issueDate: at.slice(0, 10), dueDate: '2026-04-30', issuedAt: at,
  } satisfies InvoiceIssuedV1, `invoice-issued-${label}`, at);
