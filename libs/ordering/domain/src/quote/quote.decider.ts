import Big from 'big.js';
import {
  Conflict, Forbidden, Invalid, NotFound, RuleViolated, actingAs, assertNever, compareDecimal, hasRole,
  type ActorRef, type Command, type Decider,
} from '@b2b/kernel';

export interface QuoteRequestLine { readonly sku: string; readonly quantity: number }
export interface QuotedLine { readonly sku: string; readonly quantity: number; readonly unitPrice: string; readonly lineTotal: string }

export interface Quote {
  readonly quoteNo: number;
  readonly lines: readonly QuotedLine[];
  readonly total: string;
  readonly currency: string;
  /** The quote can be accepted until this moment (exclusive). */
  readonly validUntil: string;
  readonly by: ActorRef;
  readonly at: string;
}

export type QuoteEvent =
  | { type: 'QuoteRequested'; data: { requestId: string; companyId: string; lines: readonly QuoteRequestLine[]; note: string; by: ActorRef; at: string } }
  /** A quote once sent never changes; a new one supersedes it (quoteNo + 1). */
  | { type: 'QuoteSent'; data: { requestId: string } & Quote & { supersedes?: number } }
  | { type: 'QuoteAccepted'; data: { requestId: string; quoteNo: number; orderId: string; by: ActorRef; at: string } };

export type QuoteCommand =
  | Command<'RequestQuote', { requestId: string; lines: readonly QuoteRequestLine[]; note: string }>
  | Command<'SendQuote', { requestId: string; prices: readonly { sku: string; unitPrice: string }[]; currency: string; validUntil: string }>
  | Command<'AcceptQuote', { requestId: string; quoteNo: number; orderId: string }>;

export type QuoteRequest =
  | { status: 'none' }
  | { status: 'requested' | 'quoted' | 'accepted'; requestId: string; companyId: string; requesterId: string; lines: readonly QuoteRequestLine[]; quotes: readonly Quote[]; orderId?: string };

const notFound = (requestId: string): never => {
  throw new NotFound('QUOTE.NOT_FOUND', `quote request ${requestId} not found`);
};

/** The quote in force: the latest one, if it has not expired at `now`. */
export const currentQuote = (state: QuoteRequest, now: Date): Quote | null => {
  if (state.status === 'none') return null;
  const latest = state.quotes.at(-1);
  return latest && Date.parse(latest.validUntil) > now.getTime() ? latest : null;
};

const decide = (command: QuoteCommand, state: QuoteRequest): QuoteEvent[] => {
  const at = command.meta.now.toISOString();
  const actor = command.meta.by;
  switch (command.type) {
    case 'RequestQuote': {
      if (state.status !== 'none') throw new Conflict('QUOTE.EXISTS', `quote request ${command.data.requestId} already exists`);
      if (!hasRole(actor, 'requester', 'procurement')) throw new Forbidden('QUOTE.CANNOT_REQUEST', 'only a requester or procurement may ask for a quote');
      const { lines } = command.data;
      if (lines.length === 0) throw new Invalid('QUOTE.NO_LINES', 'lines: ask for at least one SKU');
      if (new Set(lines.map((l) => l.sku)).size !== lines.length) throw new Invalid('QUOTE.DUPLICATE_SKU', 'lines: give one line per SKU');
      const role = hasRole(actor, 'requester') ? 'requester' : 'procurement';
      return [{ type: 'QuoteRequested', data: { requestId: command.data.requestId, companyId: actor.companyId, lines, note: command.data.note, by: actingAs(actor, role), at } }];
    }
    case 'SendQuote': {
      if (state.status === 'none') return notFound(command.data.requestId);
      if (!hasRole(actor, 'sales')) throw new Forbidden('QUOTE.SALES_ONLY', 'only sales may send a quote');
      if (state.status === 'accepted') throw new Conflict('QUOTE.ALREADY_ACCEPTED', `a quote of request ${state.requestId} was accepted`);
      if (Date.parse(command.data.validUntil) <= command.meta.now.getTime()) throw new RuleViolated('QUOTE.VALIDITY_IN_PAST', 'validUntil must be in the future');
      const prices = new Map(command.data.prices.map((p) => [p.sku, p.unitPrice]));
      const missing = state.lines.filter((l) => !prices.has(l.sku)).map((l) => l.sku);
      if (missing.length > 0) throw new RuleViolated('QUOTE.LINES_UNPRICED', `prices: give a price for ${missing.join(', ')}`);
      const extra = command.data.prices.filter((p) => !state.lines.some((l) => l.sku === p.sku)).map((p) => p.sku);
      if (extra.length > 0) throw new RuleViolated('QUOTE.UNKNOWN_LINES', `prices: ${extra.join(', ')} was not asked for`);
      if (command.data.prices.some((p) => compareDecimal(p.unitPrice, '0') <= 0)) throw new RuleViolated('QUOTE.INVALID_PRICE', 'prices must be positive');
      const lines = state.lines.map((l) => ({ ...l, unitPrice: prices.get(l.sku)!, lineTotal: new Big(prices.get(l.sku)!).times(l.quantity).toFixed(2) }));
      const total = lines.reduce((sum, l) => sum.plus(l.lineTotal), new Big(0)).toFixed(2);
      const previous = state.quotes.at(-1)?.quoteNo;
      return [{
        type: 'QuoteSent',
        data: {
          requestId: state.requestId, quoteNo: (previous ?? 0) + 1, lines, total, currency: command.data.currency, validUntil: command.data.validUntil,
          by: actingAs(actor, 'sales'), at, ...(previous !== undefined ? { supersedes: previous } : {}),
        },
      }];
    }
    case 'AcceptQuote': {
      if (state.status === 'none' || actor.companyId !== state.companyId) return notFound(command.data.requestId);
      if (!hasRole(actor, 'requester')) throw new Forbidden('QUOTE.REQUESTER_ONLY', 'only a requester may accept a quote into an order');
      if (state.status === 'accepted') throw new Conflict('QUOTE.ALREADY_ACCEPTED', `quote ${state.quotes.at(-1)?.quoteNo} was already accepted into order ${state.orderId}`);
      const latest = state.quotes.at(-1);
      if (!latest) throw new Conflict('QUOTE.NOT_QUOTED', 'sales has not answered this request yet');
      if (command.data.quoteNo !== latest.quoteNo) throw new Conflict('QUOTE.SUPERSEDED', `quote ${command.data.quoteNo} was superseded by quote ${latest.quoteNo}`);
      if (!currentQuote(state, command.meta.now)) throw new RuleViolated('QUOTE.EXPIRED', `quote ${latest.quoteNo} expired at ${latest.validUntil}`);
      return [{ type: 'QuoteAccepted', data: { requestId: state.requestId, quoteNo: latest.quoteNo, orderId: command.data.orderId, by: actingAs(actor, 'requester'), at } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: QuoteRequest, event: QuoteEvent): QuoteRequest => {
  switch (event.type) {
    case 'QuoteRequested':
      return { status: 'requested', requestId: event.data.requestId, companyId: event.data.companyId, requesterId: event.data.by.userId, lines: event.data.lines, quotes: [] };
    case 'QuoteSent': {
      if (state.status === 'none') return state;
      const { requestId: _r, supersedes: _s, ...quote } = event.data;
      return { ...state, status: 'quoted', quotes: [...state.quotes, quote] };
    }
    case 'QuoteAccepted':
      return state.status === 'none' ? state : { ...state, status: 'accepted', orderId: event.data.orderId };
    default:
      return assertNever(event);
  }
};

export const quoteDecider: Decider<QuoteRequest, QuoteCommand, QuoteEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const quoteStream = (requestId: string): string => `quote-${requestId}`;
