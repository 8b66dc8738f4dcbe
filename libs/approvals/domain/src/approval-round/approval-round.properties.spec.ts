import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { CUSTOMER_ROLES, DomainError, actingAs, fold, type Actor, type CustomerRole } from '@b2b/kernel';
import { requiredLevels, type PolicyLevel } from '../approval-policy/approval-policy.js';
import { approvalRoundDecider, currentStep } from './approval-round.decider.js';
import type { ApprovalRound, ApprovalRoundCommand, ApprovalRoundEvent } from './approval-round.events.js';
import { ACME, OTHER_COMPANY, ORDER, T0, hours } from './approval-round.builders.js';

const decimal = (max: bigint) => fc.tuple(fc.bigInt({ min: 0n, max }), fc.stringMatching(/^\d{0,2}$/)).map(([w, f]) => (f === '' ? w.toString() : `${w}.${f}`));
const policy = fc.array(fc.record({ minTotal: decimal(20_000n), role: fc.constantFrom(...CUSTOMER_ROLES) }), { maxLength: 5 });
/** Large totals often, so that chains of several levels are common. */
const total = fc.oneof(decimal(30_000n), fc.constantFrom('20000', '30000.00'));
const STEP_IDS = ['5e5e5e5e-0000-4000-8000-000000000001', '5e5e5e5e-0000-4000-8000-000000000002', '5e5e5e5e-0000-4000-8000-000000000003', '5e5e5e5e-0000-4000-8000-000000000004', '5e5e5e5e-0000-4000-8000-000000000005'];
const REQUESTER = 'eeeeeeee-0000-4000-8000-000000000000';
/** People: the requester (who may hold approving roles too), colleagues with random roles, a few strangers. */
const people = fc
  .array(fc.record({ roles: fc.subarray([...CUSTOMER_ROLES], { minLength: 1 }), stranger: fc.boolean() }), { minLength: 1, maxLength: 8 })
  .map((xs) => xs.map(({ roles, stranger }, i): Actor => ({ userId: `eeeeeeee-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`, companyId: stranger && i % 3 === 1 ? OTHER_COMPANY : ACME, roles })));

/** Someone approves (mostly), rejects or requests changes of the current step or of any step; or time passes and the scheduler escalates. */
const action = fc.record({
  who: fc.nat(),
  step: fc.oneof({ weight: 4, arbitrary: fc.constant('current' as const) }, { weight: 1, arbitrary: fc.nat({ max: STEP_IDS.length }) }),
  kind: fc.constantFrom('approve', 'approve', 'approve', 'approve', 'approve', 'reject', 'changes', 'escalate'),
  after: fc.integer({ min: 0, max: 30 }),
});
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const open = (levels: readonly PolicyLevel[], amount: string): ApprovalRoundCommand => ({
  type: 'OpenRound',
  data: {
    orderId: ORDER, companyId: ACME, round: 1, total: amount, currency: 'EUR', agreementId: 'a9a9a9a9-0000-4000-8000-000000000001', agreementVersion: 1, budgetExceeded: false,
    submittedAt: T0.toISOString(), requestedBy: { userId: REQUESTER, companyId: ACME, role: 'requester' }, policy: levels, stepIds: STEP_IDS,
  },
  meta: { by: { userId: REQUESTER, companyId: ACME, roles: ['requester'] }, now: T0 },
});

/** Plays the actions against the decider as a handler would: refused commands change nothing. */
const play = (levels: readonly PolicyLevel[], amount: string, users: readonly Actor[], actions: readonly Action[]) => {
  const events: ApprovalRoundEvent[] = approvalRoundDecider.decide(open(levels, amount), approvalRoundDecider.initialState());
  let now = T0;
  for (const a of actions) {
    now = hours(a.after, now);
    const state = fold(approvalRoundDecider, events);
    const stepId = a.step === 'current' ? (currentStep(state)?.stepId ?? STEP_IDS[0]!) : (STEP_IDS[a.step] ?? 'unknown');
    const by = users[a.who % users.length]!;
    const command: ApprovalRoundCommand =
      a.kind === 'escalate' ? { type: 'EscalateStep', data: { stepId, slaHours: 48 }, meta: { by, now } }
      : a.kind === 'approve' ? { type: 'ApproveStep', data: { stepId, delegations: [] }, meta: { by, now } }
      : a.kind === 'reject' ? { type: 'RejectStep', data: { stepId, delegations: [], reason: 'no' }, meta: { by, now } }
      : { type: 'RequestChanges', data: { stepId, delegations: [], comment: 'change it' }, meta: { by, now } };
    try {
      events.push(...approvalRoundDecider.decide(command, state));
    } catch (error: unknown) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return { events, state: fold<ApprovalRound, ApprovalRoundEvent>(approvalRoundDecider, events) };
};

describe('approval round properties', () => {
  it('never ends approved with a required level missing, nor lets anyone decide without the authority', () =>
    fc.assert(
      fc.property(fc.array(fc.record({ minTotal: decimal(20_000n), role: fc.constantFrom(...CUSTOMER_ROLES) }), { minLength: 1, maxLength: 5 }), total, people, fc.array(action, { maxLength: 25 }), (levels, amount, users, actions) => {
        const { events, state } = play(levels, amount, users, actions);
        const required = requiredLevels(levels, amount, 'EUR');
        if (state.status === 'none' || state.facts === null) throw new Error('the round must have opened');
        expect(state.steps.map((s) => [s.level, s.role, s.minTotal])).toEqual(required.map((r) => [r.level, r.role, r.minTotal]));
        expect(events.filter((e) => e.type === 'ApprovalRoundCompleted').length).toBeLessThanOrEqual(1);
        for (const s of state.steps.filter((x) => x.decision !== null)) {
          const decider = users.find((u) => u.userId === s.decision!.by.userId)!;
          expect(decider.userId).not.toBe(REQUESTER);
          expect(decider.companyId).toBe(ACME);
          const allowed: CustomerRole[] = s.escalatedAt !== null ? [s.role, 'company-admin'] : [s.role];
          expect(allowed).toContain(s.decision!.by.role);
          expect(decider.roles).toContain(s.decision!.by.role);
        }
        if (state.status === 'decided' && state.outcome === 'approved') {
          expect(state.steps).toHaveLength(required.length);
          expect(state.steps.every((s) => s.decision?.outcome === 'approved')).toBe(true);
          const approvedLevels = events.filter((e) => e.type === 'ApprovalStepApproved').map((e) => e.data.level);
          expect(approvedLevels).toEqual(required.map((r) => r.level)); // in ascending order of minTotal, each once
        }
        if (state.status === 'decided' && state.outcome !== 'approved') {
          expect(state.steps.filter((s) => s.decision !== null && s.decision.outcome !== 'approved')).toHaveLength(1);
        }
      }),
      { numRuns: 1000 },
    ));

  it('ends approved once every required level approved, whoever of the company holding each role approves', () =>
    fc.assert(
      fc.property(policy, total, (levels, amount) => {
        const required = requiredLevels(levels, amount, 'EUR');
        const approvers = required.map((r, i): Actor => ({ userId: `eeeeeeee-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`, companyId: ACME, roles: [r.role] }));
        const { state } = play(levels, amount, approvers, approvers.map((_, i) => ({ who: i, step: 'current', kind: 'approve', after: 1 })));
        expect(state).toMatchObject({ status: 'decided', outcome: 'approved' });
        if (state.status === 'decided') expect(state.steps.map((s) => s.decision?.by)).toEqual(approvers.map((a, i) => actingAs(a, required[i]!.role)));
      }),
      { numRuns: 200 },
    ));
});
