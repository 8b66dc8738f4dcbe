import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator, NotFound, RuleViolated, actingAs, formatPrice, type Actor } from '@b2b/kernel';
import { EventStore } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import { isSupplierStaff } from '@b2b/auth';
import {
  orderDecider, orderListDecider, orderListStream, orderStream, quoteDecider, quoteStream,
  type Order, type OrderEvent, type OrderHeader, type OrderListCommand, type PricedLine, type QuoteEvent, type QuoteRequest, type QuoteRequestLine,
} from '@b2b/ordering-domain';
import { decideWith, readAggregate, type Decided, type Loaded } from './aggregates.js';
import { OrderHandler } from './order.handler.js';
import { OrderPricing, type UnpricedLine } from './order-pricing.js';

type Placed = Exclude<Order, { status: 'none' }>;

/** Requests for quote and saved order lists: the ways to an order besides typing it in. */
@Injectable()
export class QuoteHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly pricing: OrderPricing,
    private readonly orders: OrderHandler,
    private readonly runtime: ServiceRuntime,
  ) {}

  async requestQuote(actor: Actor, lines: readonly QuoteRequestLine[], note: string): Promise<QuoteRequest> {
    const requestId = this.ids.next();
    const decided = decideWith(this.ids, quoteDecider, { stream: quoteStream(requestId), version: 0n, state: quoteDecider.initialState() },
      { type: 'RequestQuote', data: { requestId, lines, note }, meta: { by: actor, now: this.clock.now() } });
    return this.appendQuote(actor, decided);
  }

  async sendQuote(actor: Actor, requestId: string, prices: readonly { sku: string; unitPrice: string }[], currency: string, validUntil: string): Promise<QuoteRequest> {
    const loaded = await readAggregate(this.store, quoteStream(requestId), quoteDecider);
    const decided = decideWith(this.ids, quoteDecider, loaded, { type: 'SendQuote', data: { requestId, prices, currency, validUntil }, meta: { by: actor, now: this.clock.now() } });
    return this.appendQuote(actor, decided);
  }

  /** The latest quote becomes a draft order at the quoted prices, in one atomic append with the
   *  acceptance; the order records the agreement version in force and follows its approval policy. */
  async acceptQuote(actor: Actor, requestId: string, quoteNo: number, header: Omit<OrderHeader, 'companyId'>): Promise<Placed> {
    const now = this.clock.now();
    const loaded = await this.quote(actor, requestId);
    await this.pricing.checkLocation(actor.companyId, header.locationId);
    const orderId = this.ids.next();
    const accepted = decideWith(this.ids, quoteDecider, loaded, { type: 'AcceptQuote', data: { requestId, quoteNo, orderId }, meta: { by: actor, now } });
    const quote = loaded.state.status === 'none' ? undefined : loaded.state.quotes.at(-1);
    if (!quote) throw new NotFound('QUOTE.NOT_FOUND', `quote request ${requestId} not found`);
    const { pricing, products } = await this.pricing.context(actor.companyId, quote.lines.map((l) => l.sku), now);
    if (quote.currency !== pricing.currency) throw new RuleViolated('QUOTE.CURRENCY_MISMATCH', `the quote is in ${quote.currency}, your agreement in ${pricing.currency}`);
    const lines: PricedLine[] = quote.lines.map((l) => ({
      sku: l.sku, name: products.get(l.sku)?.name ?? l.sku, unit: products.get(l.sku)?.unit ?? 'piece', quantity: l.quantity,
      unitPrice: formatPrice(l.unitPrice), lineTotal: l.lineTotal, rule: 'quote', quoteNo: quote.quoteNo,
    }));
    const order = decideWith(this.ids, orderDecider, { stream: orderStream(orderId), version: 0n, state: orderDecider.initialState() },
      { type: 'DraftOrder', data: { orderId, header: { ...header, companyId: actor.companyId }, lines, pricing, source: 'quote' }, meta: { by: actor, now } });
    const after = order.events.reduce<Order>((st, e) => orderDecider.evolve(st, e as OrderEvent), order.state) as Placed;
    await this.store.appendMany([
      { stream: accepted.stream, events: accepted.events, expected: accepted.version },
      { stream: order.stream, events: order.events, expected: 0n },
    ], { meta: this.orders.meta(actingAs(actor, 'requester'), actor.companyId, this.ids.next()) });
    this.runtime.afterAppend();
    return after;
  }

  /** A quote request as its company (or the supplier's staff) sees it; anyone else gets not found. */
  async quote(actor: Actor, requestId: string): Promise<Loaded<QuoteRequest>> {
    const loaded = await readAggregate(this.store, quoteStream(requestId), quoteDecider);
    if (loaded.state.status === 'none' || (loaded.state.companyId !== actor.companyId && !isSupplierStaff(actor))) throw new NotFound('QUOTE.NOT_FOUND', `quote request ${requestId} not found`);
    return loaded;
  }

  private async appendQuote(actor: Actor, decided: Decided<QuoteRequest, QuoteEvent>): Promise<QuoteRequest> {
    const role = actor.roles.includes('sales') ? 'sales' : actor.roles.includes('requester') ? 'requester' : 'procurement';
    const companyId = decided.state.status === 'none' ? actor.companyId : decided.state.companyId;
    await this.store.append(decided.stream, decided.events, { expected: decided.version, meta: this.orders.meta(actingAs(actor, role), companyId, this.ids.next()) });
    this.runtime.afterAppend();
    return decided.events.reduce<QuoteRequest>((st, e) => quoteDecider.evolve(st, e as QuoteEvent), decided.state);
  }

  /** Saves, changes or deletes one of the caller's order lists. */
  async orderList(actor: Actor, command: Omit<OrderListCommand, 'meta'>): Promise<void> {
    const loaded = await readAggregate(this.store, orderListStream(command.data.listId), orderListDecider);
    const decided = decideWith(this.ids, orderListDecider, loaded, { ...command, meta: { by: actor, now: this.clock.now() } } as OrderListCommand);
    await this.store.append(decided.stream, decided.events, { expected: decided.version, meta: this.orders.meta(actingAs(actor, 'requester'), actor.companyId, this.ids.next()) });
    this.runtime.afterAppend();
  }

  /** A draft from one of the caller's order lists at today's prices; lines no longer orderable are
   *  left out and reported. */
  async orderFromList(actor: Actor, listId: string, header: Omit<OrderHeader, 'companyId'>): Promise<{ order: Placed; skipped: UnpricedLine[] }> {
    const { state } = await readAggregate(this.store, orderListStream(listId), orderListDecider);
    if (state.status !== 'saved' || state.ownerId !== actor.userId) throw new NotFound('ORDER_LIST.NOT_FOUND', `order list ${listId} not found`);
    const { lines, unpriced } = await this.pricing.tryPrice(actor.companyId, state.lines, this.clock.now());
    if (lines.length === 0) throw new RuleViolated('ORDER_LIST.NOTHING_ORDERABLE', `no line of list "${state.name}" can be ordered now: ${unpriced.map((u) => u.reason).join('; ')}`);
    return { order: await this.orders.draft(actor, header, lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))), skipped: unpriced };
  }
}
