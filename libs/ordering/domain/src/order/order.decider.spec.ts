import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { Conflict, Forbidden, Invalid, NotFound, RuleViolated, compareDecimal, deciderSpec, type Actor } from '@b2b/kernel';
import { orderDecider, requiredLevels, type OrderCommand, type OrderEvent, type PricedLine, type Pricing } from './order.decider.js';

const given = deciderSpec(orderDecider);
const now = new Date('2026-03-02T09:00:00.000Z');
const company = '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50';
const rita: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000001', companyId: company, roles: ['requester'] };
const adam: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000002', companyId: company, roles: ['approver'] };
const admin: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000003', companyId: company, roles: ['company-admin'] };
const stranger: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000004', companyId: 'bbbbbbbb-0000-4000-8000-000000000001', roles: ['requester'] };
const ritaRef = { userId: rita.userId, companyId: company, role: 'requester' as const };
const adamRef = { userId: adam.userId, companyId: company, role: 'approver' as const };
const orderId = 'cccccccc-0000-4000-8000-000000000001';
const header = { companyId: company, locationId: 'dddddddd-0000-4000-8000-000000000001', requestedDeliveryDate: '2026-03-10', costCenter: 'CC-7' };
const pricing: Pricing = { agreementId: 'eeeeeeee-0000-4000-8000-000000000001', agreementVersion: 2, currency: 'EUR', approvalPolicy: [{ minTotal: '5000', role: 'finance' }, { minTotal: '1000', role: 'approver' }] };
const line = (sku: string, quantity: number, unitPrice: string, lineTotal: string): PricedLine => ({ sku, name: sku, unit: 'piece', quantity, unitPrice, lineTotal, rule: 'contract' });
const small = [line('BOLT', 100, '0.38', '38.00')];
const big = [line('BOLT', 1000, '1.20', '1200.00'), line('NUT', 10, '0.07', '0.70')];
const at = now.toISOString();
const cmd = (command: Omit<OrderCommand, 'meta'>, by: Actor = rita): OrderCommand => ({ ...command, meta: { by, now } }) as OrderCommand;

const drafted = (lines = big, total = '1200.70'): OrderEvent => ({ type: 'OrderDrafted', data: { orderId, source: 'manual', ...header, lines, total, ...pricing, by: ritaRef, at } });
const submitted = (round = 1): OrderEvent => ({
  type: 'OrderSubmitted', data: { orderId, round, total: '1200.70', currency: 'EUR', requiredLevels: [{ minTotal: '1000', role: 'approver', level: 1 }], budget: null, by: ritaRef, at },
});
const rejected: OrderEvent = { type: 'OrderRejected', data: { orderId, round: 1, reason: 'too many', decidedBy: adamRef, decisions: [], at } };

describe('order decider', () => {
  it('drafts an order priced on the agreement version, with its total', () =>
    given([]).when(cmd({ type: 'DraftOrder', data: { orderId, header, lines: big, pricing, source: 'manual' } })).then([drafted()]));
  it('refuses a draft by someone not a requester, or with no lines, a duplicate SKU, a delivery date in the past', () => {
    given([]).when(cmd({ type: 'DraftOrder', data: { orderId, header, lines: big, pricing, source: 'manual' } }, adam)).thenThrows(Forbidden);
    given([]).when(cmd({ type: 'DraftOrder', data: { orderId, header, lines: [], pricing, source: 'manual' } })).thenThrows(Invalid, 'ORDER.NO_LINES');
    given([]).when(cmd({ type: 'DraftOrder', data: { orderId, header, lines: [...small, ...small], pricing, source: 'manual' } })).thenThrows(Invalid, 'ORDER.DUPLICATE_SKU');
    given([]).when(cmd({ type: 'DraftOrder', data: { orderId, header: { ...header, requestedDeliveryDate: '2026-03-01' }, lines: big, pricing, source: 'manual' } })).thenThrows(RuleViolated, 'ORDER.DATE_IN_PAST');
  });
  it("keeps another company's order not found", () => given([drafted()]).when(cmd({ type: 'SubmitOrder', data: { orderId, budget: null } }, stranger)).thenThrows(NotFound));

  it('edits lines while draft, at the pricing given', () =>
    given([drafted()]).when(cmd({ type: 'ReplaceLines', data: { orderId, lines: small, pricing } })).then([{ type: 'OrderLinesReplaced', data: { orderId, lines: small, total: '38.00', ...pricing, by: ritaRef, at } }]));
  it('refuses edits once submitted', () => given([drafted(), submitted()]).when(cmd({ type: 'ReplaceLines', data: { orderId, lines: small, pricing } })).thenThrows(Conflict, 'ORDER.NOT_EDITABLE'));

  it('submits with the levels its total requires', () => given([drafted()]).when(cmd({ type: 'SubmitOrder', data: { orderId, budget: null } })).then([submitted()]));
  it('is approved at once when no level applies', () =>
    given([drafted(small, '38.00')]).when(cmd({ type: 'SubmitOrder', data: { orderId, budget: null } })).then([
      { type: 'OrderSubmitted', data: { orderId, round: 1, total: '38.00', currency: 'EUR', requiredLevels: [], budget: null, by: ritaRef, at } },
      { type: 'OrderApproved', data: { orderId, round: 1, decisions: [], at } },
    ]));
  it('records the budget check on the submission', () => {
    const budget = { costCenter: 'CC-7', period: '2026-03', limit: '1000.00', remainingBefore: '1000.00', exceeded: true };
    expect(given([drafted()]).when(cmd({ type: 'SubmitOrder', data: { orderId, budget } })).events()[0]).toMatchObject({ data: { budget } });
  });

  it('follows the approval outcome of the current round only, once', () => {
    const outcome = (round: number, o: 'approved' | 'rejected' | 'changes-requested') =>
      cmd({ type: 'RecordApprovalOutcome', data: { orderId, round, outcome: o, reason: 'too many', decidedBy: adamRef, decisions: [], at } }, adam);
    given([drafted(), submitted()]).when(outcome(1, 'approved')).then([{ type: 'OrderApproved', data: { orderId, round: 1, decisions: [], at } }]);
    given([drafted(), submitted()]).when(outcome(1, 'rejected')).then([rejected]);
    given([drafted(), submitted()]).when(outcome(1, 'changes-requested')).then([{ type: 'OrderChangesRequested', data: { orderId, round: 1, reason: 'too many', decidedBy: adamRef, at } }]);
    given([drafted(), submitted(), rejected]).when(outcome(1, 'approved')).then([]);
    given([drafted(), submitted(), rejected, submitted(2)]).when(outcome(1, 'approved')).then([]);
  });

  it('revises and resubmits after a rejection as a new round', () => {
    given([drafted(), submitted(), rejected]).when(cmd({ type: 'ReplaceLines', data: { orderId, lines: big, pricing } })).events();
    given([drafted(), submitted(), rejected]).when(cmd({ type: 'SubmitOrder', data: { orderId, budget: null } })).then([submitted(2)]);
  });

  it('cancels before dispatch, by the requester or the company admin, once', () => {
    given([drafted(), submitted()]).when(cmd({ type: 'CancelOrder', data: { orderId, reason: 'not needed' } }, admin))
      .then([{ type: 'OrderCancelled', data: { orderId, round: 1, reason: 'not needed', by: { userId: admin.userId, companyId: company, role: 'company-admin' }, at } }]);
    given([drafted()]).when(cmd({ type: 'CancelOrder', data: { orderId, reason: 'x' } }, adam)).thenThrows(Forbidden);
    const cancelled: OrderEvent = { type: 'OrderCancelled', data: { orderId, round: 0, reason: 'x', by: ritaRef, at } };
    given([drafted(), cancelled]).when(cmd({ type: 'CancelOrder', data: { orderId, reason: 'x' } })).thenThrows(Conflict);
  });
});

describe('fulfilment progress', () => {
  const approved: OrderEvent = { type: 'OrderApproved', data: { orderId, round: 1, decisions: [], at } };
  const progress = (stage: 'scheduled' | 'dispatched' | 'partially-received' | 'received' | 'invoiced') =>
    cmd({ type: 'RecordProgress', data: { orderId, stage, reference: 'd1', at } }, adam);
  const progressed = (stage: 'scheduled' | 'dispatched' | 'received'): OrderEvent => ({ type: 'OrderProgressed', data: { orderId, stage, reference: 'd1', at } });

  it('moves an approved order forward through delivery and invoicing', () => {
    given([drafted(), submitted(), approved]).when(progress('scheduled')).then([progressed('scheduled')]);
    given([drafted(), submitted(), approved, progressed('scheduled')]).when(progress('received')).then([progressed('received')]);
  });
  it('ignores repeats and late events of an earlier stage, and orders not approved', () => {
    given([drafted(), submitted(), approved, progressed('dispatched')]).when(progress('scheduled')).then([]);
    given([drafted(), submitted(), approved, progressed('dispatched')]).when(progress('dispatched')).then([]);
    given([drafted(), submitted()]).when(progress('scheduled')).then([]);
  });
  it('cancels while scheduled, not once dispatched', () => {
    given([drafted(), submitted(), approved, progressed('scheduled')]).when(cmd({ type: 'CancelOrder', data: { orderId, reason: 'x' } })).events();
    given([drafted(), submitted(), approved, progressed('dispatched')]).when(cmd({ type: 'CancelOrder', data: { orderId, reason: 'x' } })).thenThrows(Conflict, 'ORDER.NOT_CANCELLABLE');
  });
});

describe('required approval levels (property)', () => {
  const decimal = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`);
  const policy = fc.array(fc.record({ minTotal: decimal, role: fc.constantFrom('approver' as const, 'finance' as const, 'company-admin' as const) }), { maxLength: 6 });

  it('are exactly the levels with minTotal ≤ total, ascending, numbered from 1', () =>
    fc.assert(fc.property(policy, decimal, (levels, total) => {
      const required = requiredLevels(levels, total);
      expect(required).toHaveLength(levels.filter((l) => compareDecimal(l.minTotal, total) <= 0).length);
      required.forEach((l, i) => {
        expect(compareDecimal(l.minTotal, total)).toBeLessThanOrEqual(0);
        expect(l.level).toBe(i + 1);
        if (i > 0) expect(compareDecimal(required[i - 1]!.minTotal, l.minTotal)).toBeLessThanOrEqual(0);
      });
    })));
});
