import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { CUSTOMER_ROLES, Invalid, actingAs, type CustomerRole } from '@b2b/kernel';
import { describeLevel, type PolicyLevel } from '../approval-policy/approval-policy.js';
import { approvalRoundDecider } from '../approval-round/approval-round.decider.js';
import { anna, carl, fred, openRound } from '../approval-round/approval-round.builders.js';
import {
  checkProposedPolicy, compareRoles, replayPeriod, replayPolicy, type PolicyReplay, type ReplayDecision, type ReplayOutcome, type SubmittedRound,
} from './policy-replay.js';

const level = (n: number, role: CustomerRole, minTotal: string) => ({ level: n, role, minTotal, rule: describeLevel({ minTotal, role }, 'EUR') });
const decision = (n: number, role: CustomerRole, by: ReplayDecision['by'], outcome: ReplayDecision['outcome'] = 'approved'): ReplayDecision => ({
  level: n, role, outcome, by, at: '2026-03-03T09:00:00.000Z',
});
let orders = 0;
const submission = (over: Partial<SubmittedRound> = {}): SubmittedRound => ({
  orderId: `0d0d0d0d-0000-4000-8000-${String(++orders).padStart(12, '0')}`, round: 1, submittedAt: '2026-03-02T08:00:00.000Z', total: '1500.00', currency: 'EUR',
  outcome: 'approved', requiredLevels: [level(1, 'approver', '1000')], decisions: [decision(1, 'approver', actingAs(anna, 'approver'))], ...over,
});

/** given the submissions of a period, when replayed under a proposal, then … */
const given = (submissions: readonly SubmittedRound[]) => ({ when: (proposal: readonly PolicyLevel[]): PolicyReplay => replayPolicy(submissions, proposal) });

const LIVE: PolicyLevel[] = [{ minTotal: '1000', role: 'approver' }, { minTotal: '5000', role: 'finance' }];

describe('policy replay', () => {
  it('reports an order the proposal judges like the live policy as the same', () => {
    const order = submission();
    const { orders: [replayed], summary } = given([order]).when(LIVE);
    expect(replayed).toEqual({
      orderId: order.orderId, submittedAt: order.submittedAt, total: '1500.00', currency: 'EUR', round: 1,
      actual: { requiredLevels: [level(1, 'approver', '1000')], outcome: 'approved', decidedBy: [decision(1, 'approver', actingAs(anna, 'approver'))] },
      proposed: { requiredLevels: [level(1, 'approver', '1000')], missing: [] },
      difference: 'same',
    });
    expect(summary).toMatchObject({ orders: 1, same: 1, moreApprovals: 0, fewerApprovals: 0, differentRoles: 0, approvedWithoutProposedLevel: 0 });
  });

  it('counts an approved order a stricter proposal needs more levels for as approved without them', () => {
    const { orders: [replayed], summary } = given([submission()]).when([{ minTotal: '500', role: 'approver' }, { minTotal: '1000', role: 'finance' }]);
    expect(replayed!.proposed).toEqual({ requiredLevels: [level(1, 'approver', '500'), level(2, 'finance', '1000')], missing: [level(2, 'finance', '1000')] });
    expect(replayed!.difference).toBe('more-approvals');
    expect(summary).toMatchObject({ moreApprovals: 1, approvedWithoutProposedLevel: 1 });
  });

  it('reports fewer approvals under a looser proposal, and none at all below its lowest level', () => {
    const big = submission({ total: '6000.00', requiredLevels: [level(1, 'approver', '1000'), level(2, 'finance', '5000')], decisions: [
      decision(1, 'approver', actingAs(anna, 'approver')), decision(2, 'finance', actingAs(fred, 'finance')),
    ] });
    const small = submission({ total: '1500.00' });
    const { orders: replayed, summary } = given([big, small]).when([{ minTotal: '5000', role: 'finance' }]);
    expect(replayed.map((o) => [o.proposed.requiredLevels.map((l) => l.role), o.difference])).toEqual([[['finance'], 'fewer-approvals'], [[], 'fewer-approvals']]);
    expect(summary).toMatchObject({ orders: 2, fewerApprovals: 2, approvedWithoutProposedLevel: 0 });
  });

  it('reports other roles, or the same roles in another order, as different roles', () => {
    expect(given([submission()]).when([{ minTotal: '1000', role: 'finance' }]).orders[0]!.difference).toBe('different-roles');
    expect(compareRoles(['approver', 'finance'], ['finance', 'approver'])).toBe('different-roles');
    expect(compareRoles(['approver'], ['approver', 'finance'])).toBe('more-approvals');
    expect(compareRoles(['approver', 'finance'], ['finance'])).toBe('fewer-approvals');
    expect(compareRoles([], [])).toBe('same');
  });

  it('counts an escalated approval by the company-admin for the level’s role', () => {
    const escalated = submission({ decisions: [decision(1, 'approver', actingAs(carl, 'company-admin'))] });
    expect(given([escalated]).when(LIVE).orders[0]!.proposed.missing).toEqual([]);
  });

  it('keeps the latest round of each order, oldest submission first, with every outcome', () => {
    const first = submission({ submittedAt: '2026-03-05T10:00:00.000Z', outcome: 'rejected', decisions: [decision(1, 'approver', actingAs(anna, 'approver'), 'rejected')] });
    const again = { ...first, round: 2, submittedAt: '2026-03-06T10:00:00.000Z', outcome: 'pending' as const, decisions: [] };
    const earlier = submission({ submittedAt: '2026-03-01T10:00:00.000Z', outcome: 'cancelled', decisions: [] });
    const changes = submission({ submittedAt: '2026-03-03T10:00:00.000Z', outcome: 'changes-requested', decisions: [decision(1, 'approver', actingAs(anna, 'approver'), 'changes-requested')] });
    const { orders: replayed, summary } = given([again, first, changes, earlier]).when(LIVE);
    expect(replayed.map((o) => [o.orderId, o.round, o.actual.outcome])).toEqual([
      [earlier.orderId, 1, 'cancelled'], [changes.orderId, 1, 'changes-requested'], [first.orderId, 2, 'pending'],
    ]);
    expect(summary.outcomes).toEqual({ approved: 0, rejected: 0, 'changes-requested': 1, pending: 1, cancelled: 1 });
  });

  it('compares totals and thresholds exactly, as decimals', () => {
    const { orders: replayed } = given([submission({ total: '999.9999' }), submission({ total: '1000.0000' })]).when([{ minTotal: '1000.00', role: 'approver' }]);
    expect(replayed.map((o) => o.proposed.requiredLevels.length)).toEqual([0, 1]);
  });

  it('answers an empty period with zero counts', () =>
    expect(given([]).when(LIVE)).toEqual({
      orders: [], summary: { orders: 0, same: 0, moreApprovals: 0, fewerApprovals: 0, differentRoles: 0, approvedWithoutProposedLevel: 0, outcomes: { approved: 0, rejected: 0, 'changes-requested': 0, pending: 0, cancelled: 0 } },
    }));
});

/** `code: message` of the Invalid thrown, or 'accepted'. */
const outcomeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error: unknown) {
    return error instanceof Invalid ? `${error.code}: ${error.message}` : `unexpected ${String(error)}`;
  }
  return 'accepted';
};

describe('a proposed policy', () => {
  const refused = (levels: PolicyLevel[]) => outcomeOf(() => checkProposedPolicy(levels));
  it('is accepted in ascending order of minTotal, equal thresholds and no levels included', () => {
    expect(refused([{ minTotal: '0', role: 'approver' }, { minTotal: '1000', role: 'finance' }, { minTotal: '1000.00', role: 'company-admin' }])).toBe('accepted');
    expect(refused([])).toBe('accepted');
  });
  it('is refused with descending thresholds, naming the level', () =>
    expect(refused([{ minTotal: '5000', role: 'finance' }, { minTotal: '1000', role: 'approver' }])).toMatch(/^APPROVAL\.POLICY_NOT_ASCENDING: approvalPolicy\.levels\[1\]\.minTotal/));
  it('is refused with a negative or malformed threshold, an unknown role or too many levels', () => {
    expect(refused([{ minTotal: '-1', role: 'approver' }])).toMatch(/^APPROVAL\.INVALID_POLICY: approvalPolicy\.levels\[0\]\.minTotal/);
    expect(refused([{ minTotal: '1e3', role: 'approver' }])).toMatch(/INVALID_POLICY/);
    expect(refused([{ minTotal: '1', role: 'sales' as CustomerRole }])).toMatch(/^APPROVAL\.INVALID_POLICY: approvalPolicy\.levels\[0\]\.role/);
    expect(refused(Array.from({ length: 11 }, () => ({ minTotal: '1', role: 'approver' as const })))).toMatch(/POLICY_TOO_LONG/);
  });
});

describe('the replay period', () => {
  it('takes dates as whole UTC days, both included, and date-times as instants', () => {
    expect(replayPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' });
    expect(replayPeriod('2026-03-01', '2026-03-01')).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T23:59:59.999Z' });
    expect(replayPeriod('2026-03-01T12:00:00+01:00', '2026-03-01T11:00:00Z')).toEqual({ from: '2026-03-01T11:00:00.000Z', to: '2026-03-01T11:00:00.000Z' });
  });
  it('is refused when from is after to, or a bound is no date', () => {
    expect(outcomeOf(() => replayPeriod('2026-04-01', '2026-03-31'))).toBe('APPROVAL.EMPTY_PERIOD: from (2026-04-01) must not be after to (2026-03-31)');
    expect(outcomeOf(() => replayPeriod('2026-W10', '2026-03-31'))).toBe('APPROVAL.INVALID_DATE: from must be an ISO-8601 date or date-time');
  });
});

describe('policy replay properties', () => {
  const decimal = fc.tuple(fc.bigInt({ min: 0n, max: 20_000n }), fc.stringMatching(/^\d{0,2}$/)).map(([w, f]) => (f === '' ? w.toString() : `${w}.${f}`));
  const policy = fc.array(fc.record({ minTotal: decimal, role: fc.constantFrom(...CUSTOMER_ROLES) }), { maxLength: 3 });
  const outcome = fc.constantFrom<ReplayOutcome>('approved', 'rejected', 'changes-requested', 'pending', 'cancelled');
  /** Rounds as the live decider opens them under `live`: the actual levels come from the real flow. */
  const period = (live: readonly PolicyLevel[]) =>
    fc.array(fc.record({ total: decimal, outcome }), { maxLength: 6 }).map((rounds) =>
      rounds.map(({ total, outcome: ended }, i): SubmittedRound => {
        const [opened] = approvalRoundDecider.decide(openRound(total, [...live]), approvalRoundDecider.initialState());
        if (opened?.type !== 'ApprovalRoundOpened') throw new Error('the round did not open');
        const levels = opened.data.steps.map(({ level: n, role, minTotal, rule }) => ({ level: n, role, minTotal, rule }));
        const decisions = ended === 'approved' ? levels.map((l) => decision(l.level, l.role, actingAs(anna, l.role))) : [];
        return submission({ orderId: `0d0d0d0d-0000-4000-8000-${String(i).padStart(12, '0')}`, total, outcome: ended, requiredLevels: levels, decisions });
      }),
    );
  const live = policy.chain((p) => fc.tuple(fc.constant(p), period(p)));

  it('replaying the policy the orders were judged under changes nothing', () =>
    fc.assert(fc.property(live, ([p, rounds]) => {
      const { orders: replayed, summary } = replayPolicy(rounds, p);
      expect(replayed.every((o) => o.difference === 'same')).toBe(true);
      expect(replayed.map((o) => o.proposed.requiredLevels)).toEqual(replayed.map((o) => o.actual.requiredLevels));
      expect(summary.approvedWithoutProposedLevel).toBe(0);
    }), { numRuns: 200 }));

  it('a level every order reaches makes every order need one approval more, and the counts add up', () =>
    fc.assert(fc.property(live, fc.constantFrom(...CUSTOMER_ROLES), ([p, rounds], role) => {
      const { orders: replayed, summary } = replayPolicy(rounds, [{ minTotal: '0', role }, ...p]);
      expect(replayed.every((o) => o.difference === 'more-approvals' && o.proposed.requiredLevels.length === o.actual.requiredLevels.length + 1)).toBe(true);
      expect(summary.approvedWithoutProposedLevel).toBe(summary.outcomes.approved);
      expect(summary.same + summary.moreApprovals + summary.fewerApprovals + summary.differentRoles).toBe(summary.orders);
      expect(Object.values(summary.outcomes).reduce((a, b) => a + b, 0)).toBe(summary.orders);
    }), { numRuns: 200 }));
});
