import Big from 'big.js';
import {
  Conflict, Forbidden, Invalid, NotFound, RuleViolated, actingAs, assertNever, compareDecimal, hasRole,
  type ActorRef, type Command, type CustomerRole, type Decider, type PriceRule,
} from '@b2b/kernel';

export interface PricedLine {
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly lineTotal: string;
  /** Which price rule set the unit price (contract-tier, contract, category-discount, list-price), or
   *  `quote` for a line priced by an accepted quote. */
  readonly rule: PriceRule | 'quote';
  readonly quoteNo?: number;
}

export interface ApprovalLevel { readonly minTotal: string; readonly role: CustomerRole }

/** What the lines were priced on: the agreement version in force when the order was drafted or edited. */
export interface Pricing {
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly currency: string;
  readonly approvalPolicy: readonly ApprovalLevel[];
}

export interface OrderHeader {
  readonly companyId: string;
  readonly locationId: string;
  /** YYYY-MM-DD */
  readonly requestedDeliveryDate: string;
  readonly poNumber?: string;
  readonly costCenter?: string;
}

export interface BudgetCheck {
  readonly costCenter: string;
  readonly period: string;
  /** null: no budget set for the cost center and month. */
  readonly limit: string | null;
  readonly remainingBefore: string | null;
  readonly exceeded: boolean;
}

export interface ApprovalDecision {
  readonly level: number;
  readonly role: CustomerRole;
  readonly minTotal: string;
  readonly by: ActorRef;
  readonly onBehalfOf?: string;
  readonly comment?: string;
  readonly at: string;
}

export type OrderSource = 'manual' | 'quick-order' | 'reorder' | 'quote';
type Stamp = { by: ActorRef; at: string };
type Priced = { lines: readonly PricedLine[]; total: string } & Pricing;

export type OrderEvent =
  | { type: 'OrderDrafted'; data: { orderId: string; source: OrderSource; reorderOf?: string } & OrderHeader & Priced & Stamp }
  | { type: 'OrderLinesReplaced'; data: { orderId: string } & Priced & Stamp }
  | { type: 'OrderSubmitted'; data: { orderId: string; round: number; total: string; currency: string; requiredLevels: readonly (ApprovalLevel & { level: number })[]; budget: BudgetCheck | null } & Stamp }
  | { type: 'OrderApproved'; data: { orderId: string; round: number; decisions: readonly ApprovalDecision[]; at: string } }
  | { type: 'OrderRejected'; data: { orderId: string; round: number; reason: string; decidedBy: ActorRef; decisions: readonly ApprovalDecision[]; at: string } }
  | { type: 'OrderChangesRequested'; data: { orderId: string; round: number; reason: string; decidedBy: ActorRef; at: string } }
  | { type: 'OrderCancelled'; data: { orderId: string; round: number; reason: string } & Stamp }
  /** Delivery and invoicing moved the approved order on (from their events). */
  | { type: 'OrderProgressed'; data: { orderId: string; stage: FulfilmentStage; reference: string; at: string } };

export type OrderCommand =
  | Command<'DraftOrder', { orderId: string; header: OrderHeader; lines: readonly PricedLine[]; pricing: Pricing; source: OrderSource; reorderOf?: string }>
  | Command<'ReplaceLines', { orderId: string; lines: readonly PricedLine[]; pricing: Pricing }>
  | Command<'SubmitOrder', { orderId: string; budget: BudgetCheck | null }>
  | Command<'RecordApprovalOutcome', { orderId: string; round: number; outcome: 'approved' | 'rejected' | 'changes-requested'; reason?: string; decidedBy?: ActorRef; decisions: readonly ApprovalDecision[]; at: string }>
  | Command<'CancelOrder', { orderId: string; reason: string }>
  | Command<'RecordProgress', { orderId: string; stage: FulfilmentStage; reference: string; at: string }>;

/** After approval, in this order; an order only moves forward, so events arriving late change nothing. */
export const FULFILMENT_STAGES = ['scheduled', 'dispatched', 'partially-received', 'received', 'invoiced'] as const;
export type FulfilmentStage = (typeof FULFILMENT_STAGES)[number];

export type OrderStatus = 'draft' | 'pending-approval' | 'approved' | 'rejected' | 'changes-requested' | 'cancelled' | FulfilmentStage;

export type Order =
  | { status: 'none' }
  | ({
      status: OrderStatus; orderId: string; requesterId: string; round: number;
      /** The month whose budget the latest submission reserved (null: no cost center, not submitted). */
      budgetPeriod: string | null;
    } & OrderHeader & Priced);

const EDITABLE: readonly OrderStatus[] = ['draft', 'rejected', 'changes-requested'];
/** Cancel before dispatch. */
const CANCELLABLE: readonly OrderStatus[] = ['draft', 'pending-approval', 'approved', 'rejected', 'changes-requested', 'scheduled'];

/** The levels an order of `total` needs: every level whose minTotal ≤ total, in ascending minTotal,
 *  numbered from 1. Exact decimal comparison. */
export const requiredLevels = (policy: readonly ApprovalLevel[], total: string): (ApprovalLevel & { level: number })[] =>
  policy
    .filter((l) => compareDecimal(l.minTotal, total) <= 0)
    .slice()
    .sort((a, b) => compareDecimal(a.minTotal, b.minTotal))
    .map((l, i) => ({ ...l, level: i + 1 }));

export const orderTotal = (lines: readonly PricedLine[]): string => lines.reduce((sum, l) => sum.plus(l.lineTotal), new Big(0)).toFixed(2);

const today = (now: Date): string => now.toISOString().slice(0, 10);

const checkLines = (lines: readonly PricedLine[]): void => {
  if (lines.length === 0) throw new Invalid('ORDER.NO_LINES', 'lines: an order needs at least one line');
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.sku)) throw new Invalid('ORDER.DUPLICATE_SKU', `lines: ${line.sku} appears twice; give one line per SKU`);
    seen.add(line.sku);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new Invalid('ORDER.INVALID_QUANTITY', `lines: quantity of ${line.sku} must be a whole number of at least 1`);
  }
};

const requester = (command: OrderCommand, companyId: string): ActorRef => {
  const actor = command.meta.by;
  if (actor.companyId !== companyId) throw new NotFound('ORDER.NOT_FOUND', `order ${command.data.orderId} not found`);
  if (!hasRole(actor, 'requester')) throw new Forbidden('ORDER.REQUESTER_ONLY', 'only a requester of the company may order');
  return actingAs(actor, 'requester');
};

const existing = (state: Order, orderId: string): Exclude<Order, { status: 'none' }> => {
  if (state.status === 'none') throw new NotFound('ORDER.NOT_FOUND', `order ${orderId} not found`);
  return state;
};

const decide = (command: OrderCommand, state: Order): OrderEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'DraftOrder': {
      if (state.status !== 'none') throw new Conflict('ORDER.EXISTS', `order ${command.data.orderId} already exists`);
      const { header, lines, pricing, source, reorderOf, orderId } = command.data;
      const by = requester(command, header.companyId);
      checkLines(lines);
      if (header.requestedDeliveryDate < today(command.meta.now)) throw new RuleViolated('ORDER.DATE_IN_PAST', `requestedDeliveryDate ${header.requestedDeliveryDate} is in the past`);
      return [{ type: 'OrderDrafted', data: { orderId, source, ...(reorderOf ? { reorderOf } : {}), ...header, lines, total: orderTotal(lines), ...pricing, by, at } }];
    }
    case 'ReplaceLines': {
      const order = existing(state, command.data.orderId);
      const by = requester(command, order.companyId);
      if (!EDITABLE.includes(order.status)) throw new Conflict('ORDER.NOT_EDITABLE', `an order that is ${order.status} cannot be edited`);
      checkLines(command.data.lines);
      return [{ type: 'OrderLinesReplaced', data: { orderId: order.orderId, lines: command.data.lines, total: orderTotal(command.data.lines), ...command.data.pricing, by, at } }];
    }
    case 'SubmitOrder': {
      const order = existing(state, command.data.orderId);
      const by = requester(command, order.companyId);
      if (!EDITABLE.includes(order.status)) throw new Conflict('ORDER.NOT_SUBMITTABLE', `an order that is ${order.status} cannot be submitted`);
      if (order.requestedDeliveryDate < today(command.meta.now)) throw new RuleViolated('ORDER.DATE_IN_PAST', `requestedDeliveryDate ${order.requestedDeliveryDate} is in the past: change it first`);
      const round = order.round + 1;
      const levels = requiredLevels(order.approvalPolicy, order.total);
      const submitted: OrderEvent = { type: 'OrderSubmitted', data: { orderId: order.orderId, round, total: order.total, currency: order.currency, requiredLevels: levels, budget: command.data.budget, by, at } };
      return levels.length > 0 ? [submitted] : [submitted, { type: 'OrderApproved', data: { orderId: order.orderId, round, decisions: [], at } }];
    }
    case 'RecordApprovalOutcome': {
      const order = existing(state, command.data.orderId);
      const { round, outcome, decisions } = command.data;
      // A repeat, an outcome of an earlier round, or one that arrives after a cancel changes nothing.
      if (order.status !== 'pending-approval' || round !== order.round) return [];
      if (outcome === 'approved') return [{ type: 'OrderApproved', data: { orderId: order.orderId, round, decisions, at: command.data.at } }];
      const decidedBy = command.data.decidedBy;
      if (!decidedBy) throw new Invalid('ORDER.OUTCOME_WITHOUT_DECIDER', `a ${outcome} outcome names who decided`);
      const reason = command.data.reason ?? '';
      return outcome === 'rejected'
        ? [{ type: 'OrderRejected', data: { orderId: order.orderId, round, reason, decidedBy, decisions, at: command.data.at } }]
        : [{ type: 'OrderChangesRequested', data: { orderId: order.orderId, round, reason, decidedBy, at: command.data.at } }];
    }
    case 'CancelOrder': {
      const order = existing(state, command.data.orderId);
      const actor = command.meta.by;
      if (actor.companyId !== order.companyId) throw new NotFound('ORDER.NOT_FOUND', `order ${order.orderId} not found`);
      const role = hasRole(actor, 'company-admin') ? 'company-admin' : hasRole(actor, 'requester') ? 'requester' : null;
      if (!role) throw new Forbidden('ORDER.CANNOT_CANCEL', 'only a requester or the company admin may cancel an order');
      if (!CANCELLABLE.includes(order.status)) throw new Conflict('ORDER.NOT_CANCELLABLE', `an order that is ${order.status} cannot be cancelled`);
      return [{ type: 'OrderCancelled', data: { orderId: order.orderId, round: order.round, reason: command.data.reason, by: actingAs(actor, role), at } }];
    }
    case 'RecordProgress': {
      const order = existing(state, command.data.orderId);
      const { stage } = command.data;
      const reached = FULFILMENT_STAGES.indexOf(order.status as FulfilmentStage);
      const approvedOrLater = order.status === 'approved' || reached >= 0;
      // Forward only: a repeat or a late event of an earlier stage changes nothing.
      if (!approvedOrLater || FULFILMENT_STAGES.indexOf(stage) <= reached) return [];
      return [{ type: 'OrderProgressed', data: { orderId: order.orderId, stage, reference: command.data.reference, at: command.data.at } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: Order, event: OrderEvent): Order => {
  if (event.type === 'OrderDrafted') {
    const { by, at: _at, source: _s, reorderOf: _r, ...order } = event.data;
    return { status: 'draft', requesterId: by.userId, round: 0, budgetPeriod: null, ...order };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'OrderLinesReplaced': {
      const { by: _by, at: _at, orderId: _id, ...priced } = event.data;
      return { ...state, ...priced, status: 'draft' };
    }
    case 'OrderSubmitted':
      return { ...state, status: 'pending-approval', round: event.data.round, budgetPeriod: event.data.budget?.period ?? null };
    case 'OrderApproved':
      return { ...state, status: 'approved' };
    case 'OrderRejected':
      return { ...state, status: 'rejected' };
    case 'OrderChangesRequested':
      return { ...state, status: 'changes-requested' };
    case 'OrderCancelled':
      return { ...state, status: 'cancelled' };
    case 'OrderProgressed':
      return { ...state, status: event.data.stage };
    default:
      return assertNever(event);
  }
};

export const orderDecider: Decider<Order, OrderCommand, OrderEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const orderStream = (orderId: string): string => `order-${orderId}`;
