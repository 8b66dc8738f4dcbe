import { describe, it } from '@jest/globals';
import { Conflict, Forbidden, NotFound, RuleViolated, deciderSpec, type Actor } from '@b2b/kernel';
import { quoteDecider, type QuoteCommand, type QuoteEvent } from './quote.decider.js';

const given = deciderSpec(quoteDecider);
const now = new Date('2026-03-02T09:00:00.000Z');
const at = now.toISOString();
const company = '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50';
const rita: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000001', companyId: company, roles: ['requester'] };
const sam: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000009', companyId: 'ffffffff-0000-4000-8000-000000000001', roles: ['sales'] };
const stranger: Actor = { ...rita, userId: 'aaaaaaaa-0000-4000-8000-000000000005', companyId: 'bbbbbbbb-0000-4000-8000-000000000001' };
const requestId = 'cccccccc-0000-4000-8000-000000000002';
const cmd = (command: Omit<QuoteCommand, 'meta'>, by: Actor, when = now): QuoteCommand => ({ ...command, meta: { by, now: when } }) as QuoteCommand;
const requested: QuoteEvent = { type: 'QuoteRequested', data: { requestId, companyId: company, lines: [{ sku: 'CABLE', quantity: 5000 }], note: 'project X', by: { userId: rita.userId, companyId: company, role: 'requester' }, at } };
const samRef = { userId: sam.userId, companyId: sam.companyId, role: 'sales' as const };
const sent = (quoteNo: number, unitPrice: string, validUntil = '2026-03-09T00:00:00.000Z'): QuoteEvent => ({
  type: 'QuoteSent',
  data: { requestId, quoteNo, lines: [{ sku: 'CABLE', quantity: 5000, unitPrice, lineTotal: (Number(unitPrice) * 5000).toFixed(2) }], total: (Number(unitPrice) * 5000).toFixed(2), currency: 'EUR', validUntil, by: samRef, at, ...(quoteNo > 1 ? { supersedes: quoteNo - 1 } : {}) },
});
const send = (unitPrice: string, validUntil = '2026-03-09T00:00:00.000Z') => cmd({ type: 'SendQuote', data: { requestId, prices: [{ sku: 'CABLE', unitPrice }], currency: 'EUR', validUntil } }, sam);
const accept = (quoteNo: number, by = rita, when = now) => cmd({ type: 'AcceptQuote', data: { requestId, quoteNo, orderId: 'dddddddd-0000-4000-8000-000000000009' } }, by, when);

describe('request for quote', () => {
  it('is asked by a requester for quantities', () => given([]).when(cmd({ type: 'RequestQuote', data: { requestId, lines: [{ sku: 'CABLE', quantity: 5000 }], note: 'project X' } }, rita)).then([requested]));
  it('is answered by sales with a price per line and a validity', () => given([requested]).when(send('0.40')).then([sent(1, '0.40')]));
  it('refuses an answer by anyone but sales, missing a line, or valid only in the past', () => {
    given([requested]).when(cmd({ type: 'SendQuote', data: { requestId, prices: [{ sku: 'CABLE', unitPrice: '1' }], currency: 'EUR', validUntil: '2026-03-09T00:00:00Z' } }, rita)).thenThrows(Forbidden);
    given([requested]).when(cmd({ type: 'SendQuote', data: { requestId, prices: [], currency: 'EUR', validUntil: '2026-03-09T00:00:00Z' } }, sam)).thenThrows(RuleViolated, 'QUOTE.LINES_UNPRICED');
    given([requested]).when(send('0.40', '2026-03-01T00:00:00.000Z')).thenThrows(RuleViolated, 'QUOTE.VALIDITY_IN_PAST');
  });
  it('never changes a sent quote: a new one supersedes it', () => given([requested, sent(1, '0.40')]).when(send('0.38')).then([sent(2, '0.38')]));
  it('is accepted into an order: the latest quote, before it expires, once', () => {
    given([requested, sent(1, '0.40')]).when(accept(1)).then([{ type: 'QuoteAccepted', data: { requestId, quoteNo: 1, orderId: 'dddddddd-0000-4000-8000-000000000009', by: { userId: rita.userId, companyId: company, role: 'requester' }, at } }]);
    given([requested, sent(1, '0.40'), sent(2, '0.38')]).when(accept(1)).thenThrows(Conflict, 'QUOTE.SUPERSEDED');
    given([requested, sent(1, '0.40')]).when(accept(1, rita, new Date('2026-03-09T00:00:00.000Z'))).thenThrows(RuleViolated, 'QUOTE.EXPIRED');
    given([requested]).when(accept(1)).thenThrows(Conflict, 'QUOTE.NOT_QUOTED');
  });
  it("keeps another company's request not found", () => given([requested, sent(1, '0.40')]).when(accept(1, stranger)).thenThrows(NotFound));
});
