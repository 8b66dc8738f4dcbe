import { Injectable } from '@nestjs/common';
import Big from 'big.js';
import { Clock, IdGenerator, NotFound, SYSTEM_USER_ID, VersionConflict, actingAs, type Actor, type ActorRef } from '@b2b/kernel';
import type { ApprovalRoundDecidedV1, Envelope } from '@b2b/contracts';
import { EventStore, type EventMetadata, type StreamAppend } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import { isSupplierStaff } from '@b2b/auth';
import {
  budgetDecider, budgetStream, orderDecider, orderStream, parseQuickOrder, periodOf, remaining, type FulfilmentStage,
  type Budget, type BudgetCheck, type BudgetCommand, type BudgetEvent, type Order, type OrderCommand, type OrderEvent, type OrderHeader, type OrderSource,
} from '@b2b/ordering-domain';
import { OrderPricing, type UnpricedLine, type WantedLine } from './order-pricing.js';
import { translateOrderEvents } from './order.translator.js';
import { decideWith, readAggregate, type Decided, type Loaded } from './aggregates.js';

type Placed = Exclude<Order, { status: 'none' }>;

/** Order commands. A command that also moves a budget (submit, cancel, an approval outcome) decides on
 *  both aggregates and writes both in one atomic append: a budget is never reserved for an order that
 *  was not submitted, nor released twice. */
@Injectable()
export class OrderHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly pricing: OrderPricing,
    private readonly runtime: ServiceRuntime,
  ) {}

  async draft(actor: Actor, header: Omit<OrderHeader, 'companyId'>, wanted: readonly WantedLine[], source: OrderSource = 'manual', reorderOf?: string): Promise<Placed> {
    const now = this.clock.now();
    await this.pricing.checkLocation(actor.companyId, header.locationId);
    const { lines, pricing } = await this.pricing.price(actor.companyId, wanted, now);
    const orderId = this.ids.next();
    return this.runOrder(actor, { type: 'DraftOrder', data: { orderId, header: { ...header, companyId: actor.companyId }, lines, pricing, source, ...(reorderOf ? { reorderOf } : {}) }, meta: { by: actor, now } });
  }

  /** Pasted "SKU quantity" lines (or a sku,quantity CSV) become a draft; every bad line is named and
   *  nothing is created until all are valid. */
  quickOrder(actor: Actor, header: Omit<OrderHeader, 'companyId'>, text: string): Promise<Placed> {
    return this.draft(actor, header, parseQuickOrder(text), 'quick-order');
  }

  /** A new draft with the lines of a past order at today's prices; lines no longer orderable are
   *  left out and reported. */
  async reorder(actor: Actor, orderId: string, header: Partial<Omit<OrderHeader, 'companyId'>> & { requestedDeliveryDate: string }): Promise<{ order: Placed; skipped: UnpricedLine[] }> {
    const past = await this.load(actor, orderId);
    const now = this.clock.now();
    const { lines, unpriced } = await this.pricing.tryPrice(actor.companyId, past.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), now);
    if (lines.length === 0) throw new NotFound('ORDER.NOTHING_TO_REORDER', `no line of order ${orderId} can be ordered now: ${unpriced.map((u) => u.reason).join('; ')}`);
    const order = await this.draft(actor, {
      locationId: header.locationId ?? past.locationId, requestedDeliveryDate: header.requestedDeliveryDate,
      ...(header.poNumber ?? past.poNumber ? { poNumber: header.poNumber ?? past.poNumber! } : {}),
      ...(header.costCenter ?? past.costCenter ? { costCenter: header.costCenter ?? past.costCenter! } : {}),
    }, lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), 'reorder', orderId);
    return { order, skipped: unpriced };
  }

  async replaceLines(actor: Actor, orderId: string, wanted: readonly WantedLine[]): Promise<Placed> {
    await this.load(actor, orderId);
    const now = this.clock.now();
    const { lines, pricing } = await this.pricing.price(actor.companyId, wanted, now);
    return this.runOrder(actor, { type: 'ReplaceLines', data: { orderId, lines, pricing }, meta: { by: actor, now } });
  }

  async submit(actor: Actor, orderId: string): Promise<Placed> {
    return this.withBudget(actor, orderId, (_, now) => periodOf(now), (order, now, budget) => {
      const meta = { by: actor, now };
      const { total, costCenter } = order.state;
      const reserve = budget && this.decideBudget(budget, { type: 'ReserveBudget', data: { orderId, amount: total }, meta });
      const reservation = reserve?.events.find((e) => e.type === 'BudgetReserved')?.data as Extract<BudgetEvent, { type: 'BudgetReserved' }>['data'] | undefined;
      const check: BudgetCheck | null = costCenter && budget && reservation
        ? { costCenter, period: periodOf(now), limit: budget.state.limit, remainingBefore: reservation.remainingBefore, exceeded: reservation.exceeded }
        : null;
      const submitted = this.decideOrder(order, { type: 'SubmitOrder', data: { orderId, budget: check }, meta });
      if (!reserve || !submitted.events.some((e) => e.type === 'OrderApproved')) return { order: submitted, budget: reserve };
      // Approved at once (no level applies): the reservation is committed in the same append.
      const reserved = reserve.events.reduce<Budget>((s, e) => budgetDecider.evolve(s, e as BudgetEvent), reserve.state);
      const commit = this.decideBudget({ ...reserve, state: reserved }, { type: 'CommitBudget', data: { orderId }, meta });
      return { order: submitted, budget: { ...reserve, events: [...reserve.events, ...commit.events] } };
    });
  }

  /** The decider refuses another company's order as not found, so no separate look-up is needed. */
  async cancel(actor: Actor, orderId: string, reason: string): Promise<Placed> {
    return this.withBudget(actor, orderId, (order) => order.budgetPeriod, (order, now, budget) => ({
      order: this.decideOrder(order, { type: 'CancelOrder', data: { orderId, reason }, meta: { by: actor, now } }),
      budget: budget && this.decideBudget(budget, { type: 'ReleaseBudget', data: { orderId }, meta: { by: actor, now } }),
    }));
  }

  /** approvals.ApprovalRoundDecided → the order follows the outcome of its current round (a repeat or a
   *  stale round changes nothing), and its budget reservation is committed or released. An outcome for
   *  an order not known yet fails (not found) and is delivered again. */
  async recordOutcome(event: ApprovalRoundDecidedV1, causationId: string): Promise<void> {
    const system: Actor = { userId: SYSTEM_USER_ID, companyId: event.companyId, roles: [] };
    await this.withBudget(system, event.orderId, (order) => order.budgetPeriod, (order, now, budget) => {
      const decided = this.decideOrder(order, {
        type: 'RecordApprovalOutcome',
        data: {
          orderId: event.orderId, round: event.round, outcome: event.outcome, ...(event.reason ? { reason: event.reason } : {}),
          ...(event.decidedBy ? { decidedBy: event.decidedBy } : {}), decisions: event.decisions.map((d) => ({ ...d })), at: event.decidedAt,
        },
        meta: { by: system, now },
      });
      const settle = decided.events.length === 0 || !budget ? null
        : this.decideBudget(budget, { type: event.outcome === 'approved' ? 'CommitBudget' : 'ReleaseBudget', data: { orderId: event.orderId }, meta: { by: system, now } });
      return { order: decided, budget: settle };
    }, causationId);
  }

  /** delivery / invoicing events → the order moves forward (repeats and late events change nothing). */
  async recordProgress(orderId: string, companyId: string, stage: FulfilmentStage, reference: string, at: string): Promise<void> {
    const system: Actor = { userId: SYSTEM_USER_ID, companyId, roles: [] };
    for (let attempt = 1; ; attempt++) {
      const order = await readAggregate(this.store, orderStream(orderId), orderDecider);
      if (order.state.status === 'none') throw new Error(`progress for unknown order ${orderId}: retried until the order is known`);
      const decided = this.decideOrder(order, { type: 'RecordProgress', data: { orderId, stage, reference, at }, meta: { by: system, now: this.clock.now() } });
      if (decided.events.length === 0) return;
      try {
        await this.store.append(decided.stream, decided.events, { expected: decided.version, meta: this.meta(null, companyId, this.ids.next()) });
        this.runtime.afterAppend();
        return;
      } catch (error: unknown) {
        if (!(error instanceof VersionConflict) || attempt >= 3) throw error;
      }
    }
  }

  async setBudget(actor: Actor, costCenter: string, period: string, limit: string): Promise<{ costCenter: string; period: string; limit: string }> {
    const now = this.clock.now();
    const stream = budgetStream(actor.companyId, costCenter, period);
    const budget = await readAggregate(this.store, stream, budgetDecider);
    const decided = this.decideBudget(budget, { type: 'SetBudget', data: { companyId: actor.companyId, costCenter, period, limit }, meta: { by: actor, now } });
    await this.store.append(stream, decided.events, { expected: budget.version, meta: this.meta(actingAs(actor, 'company-admin'), actor.companyId, this.ids.next()) });
    return { costCenter, period, limit };
  }

  async budget(actor: Actor, costCenter: string, period: string): Promise<{ costCenter: string; period: string; limit: string | null; reserved: string; committed: string; remaining: string | null }> {
    const { state } = await readAggregate(this.store, budgetStream(actor.companyId, costCenter, period), budgetDecider);
    const total = (amounts: ReadonlyMap<string, string>): string => [...amounts.values()].reduce((sum, a) => sum.plus(a), new Big(0)).toFixed(2);
    return { costCenter, period, limit: state.limit, reserved: total(state.reserved), committed: total(state.committed), remaining: remaining(state) };
  }

  /** The order as its company sees it; another company's order is not found. */
  async load(actor: Actor, orderId: string): Promise<Placed> {
    const { state } = await readAggregate(this.store, orderStream(orderId), orderDecider);
    if (state.status === 'none' || (state.companyId !== actor.companyId && !isSupplierStaff(actor))) {
      throw new NotFound('ORDER.NOT_FOUND', `order ${orderId} not found`);
    }
    return state;
  }

  /** Reads the order and (when it has a cost center and `budgetMonth` names one) that month's budget,
   *  decides, and appends both atomically with the order's integration events; one retry on a
   *  concurrent change. */
  private async withBudget(
    actor: Actor,
    orderId: string,
    budgetMonth: (order: Placed, now: Date) => string | null,
    decide: (order: Loaded<Placed>, now: Date, budget: Loaded<Budget> | null) => { order: Decided<Order, OrderEvent>; budget: Decided<Budget, BudgetEvent> | null },
    causationId: string | null = null,
  ): Promise<Placed> {
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.now();
      const loaded = await readAggregate(this.store, orderStream(orderId), orderDecider);
      const { state } = loaded;
      if (state.status === 'none') throw new NotFound('ORDER.NOT_FOUND', `order ${orderId} not found`);
      const order = { ...loaded, state };
      const period = state.costCenter ? budgetMonth(state, now) : null;
      const budget = state.costCenter && period ? await readAggregate(this.store, budgetStream(state.companyId, state.costCenter, period), budgetDecider) : null;
      const decided = decide(order, now, budget);
      const after = decided.order.events.reduce<Order>((s, e) => orderDecider.evolve(s, e as OrderEvent), order.state) as Placed;
      const appends: StreamAppend[] = [decided.order, decided.budget].filter((d): d is Decided<never, never> => d !== null && d.events.length > 0)
        .map((d) => ({ stream: d.stream, events: d.events, expected: d.version }));
      if (appends.length === 0) return after;
      const correlationId = this.ids.next();
      const outbox: Envelope[] = translateOrderEvents(decided.order.events, after, correlationId, causationId);
      const by: ActorRef | null = actor.userId === SYSTEM_USER_ID ? null : actingAs(actor, actor.roles.includes('requester') ? 'requester' : actor.roles[0]!);
      try {
        await this.store.appendMany(appends, { meta: { ...this.meta(by, after.companyId, correlationId), causationId }, outbox });
        this.runtime.afterAppend();
        return after;
      } catch (error: unknown) {
        // Another order's submit or outcome moved the same budget (or the order moved): decide again on
        // what is stored now. Requesters of one cost center submit at once; a few tries settle it.
        if (!(error instanceof VersionConflict) || attempt >= 6) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10 * attempt)));
      }
    }
  }

  private async runOrder(actor: Actor, command: OrderCommand): Promise<Placed> {
    const stream = orderStream(command.data.orderId);
    const order = await readAggregate(this.store, stream, orderDecider);
    const decided = this.decideOrder(order, command);
    const after = decided.events.reduce<Order>((s, e) => orderDecider.evolve(s, e as OrderEvent), order.state) as Placed;
    const correlationId = this.ids.next();
    await this.store.append(stream, decided.events, {
      expected: order.version, meta: this.meta(actingAs(actor, 'requester'), actor.companyId, correlationId), outbox: translateOrderEvents(decided.events, after, correlationId),
    });
    this.runtime.afterAppend();
    return after;
  }

  private decideOrder(on: Loaded<Order>, command: OrderCommand): Decided<Order, OrderEvent> {
    return decideWith(this.ids, orderDecider, on, command);
  }

  private decideBudget(on: Loaded<Budget>, command: BudgetCommand): Decided<Budget, BudgetEvent> {
    return decideWith(this.ids, budgetDecider, on, command);
  }

  meta(actor: ActorRef | null, companyId: string, correlationId: string): EventMetadata {
    return { correlationId, causationId: null, actor, companyId };
  }
}

