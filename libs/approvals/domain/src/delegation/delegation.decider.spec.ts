import { describe, it, expect } from '@jest/globals';
import { Conflict, Forbidden, Invalid, NotFound, RuleViolated, actingAs, deciderSpec, type Actor, type CustomerRole } from '@b2b/kernel';
import { ACME, OTHER_COMPANY, T0, anna, carl, dave, hours } from '../approval-round/approval-round.builders.js';
import { delegationDecider, delegationPeriod, isDelegationActive, type DelegateFacts, type DelegationCommand, type DelegationEvent } from './delegation.decider.js';

const given = deciderSpec(delegationDecider);
const ID = 'de1e0000-0000-4000-8000-000000000001';
const ID2 = 'de1e0000-0000-4000-8000-000000000002';
/** What approvals knows of a colleague (agreements.UserAccountChanged): by default an active one who can approve. */
const known = (who: Actor, over: Partial<DelegateFacts> = {}): DelegateFacts => ({ companyId: who.companyId, roles: [...who.roles, 'company-admin'], active: true, ...over });
const delegate = (from: string, to: string, o: { by?: Actor; to?: Actor; id?: string; now?: Date; facts?: DelegateFacts | null } = {}): DelegationCommand => ({
  type: 'DelegateApprovals',
  data: { delegationId: o.id ?? ID, delegateUserId: (o.to ?? dave).userId, from, to, delegate: o.facts !== undefined ? o.facts : known(o.to ?? dave) },
  meta: { by: o.by ?? anna, now: o.now ?? T0 },
});
const revoke = (id = ID, by: Actor = anna, now = T0): DelegationCommand => ({ type: 'RevokeDelegation', data: { delegationId: id }, meta: { by, now } });
const delegated = (from: string, until: string, id = ID, roles: CustomerRole[] = ['approver']): DelegationEvent => ({
  type: 'ApprovalsDelegated',
  data: { delegationId: id, delegatorUserId: anna.userId, delegateUserId: dave.userId, companyId: ACME, roles, from, until, by: actingAs(anna, 'approver'), at: T0.toISOString() },
});
const MARCH = ['2026-03-02T00:00:00.000Z', '2026-03-07T00:00:00.000Z'] as const;

describe('delegation of approvals', () => {
  it('delegates the delegator’s customer roles to a colleague for whole days, the last included', () =>
    given([]).when(delegate('2026-03-02', '2026-03-06')).then([delegated(...MARCH)]));
  it('takes instants as they are', () =>
    given([]).when(delegate('2026-03-02T08:00:00Z', '2026-03-02T18:00:00Z')).then([delegated('2026-03-02T08:00:00.000Z', '2026-03-02T18:00:00.000Z')]));
  it('records every customer role the delegator holds (they decide what the delegate may decide)', () =>
    given([]).when(delegate('2026-03-02', '2026-03-06', { by: { ...anna, roles: ['approver', 'finance'] } })).then([delegated(...MARCH, ID, ['approver', 'finance'])]));
  it('refuses delegating to oneself, a period that ended, an empty period, a bad date', () => {
    given([]).when(delegate('2026-03-02', '2026-03-06', { to: anna })).thenThrows(RuleViolated, 'DELEGATION.TO_SELF');
    given([]).when(delegate('2026-02-01', '2026-02-28')).thenThrows(RuleViolated, 'DELEGATION.IN_THE_PAST');
    given([]).when(delegate('2026-03-06', '2026-03-02')).thenThrows(Invalid, 'DELEGATION.EMPTY_PERIOD');
    given([]).when(delegate('someday', '2026-03-02')).thenThrows(Invalid, 'DELEGATION.INVALID_DATE');
  });
  it('refuses a delegate approvals has not heard of, or of another company, alike (404: existence not disclosed; retry for a new colleague)', () => {
    given([]).when(delegate('2026-03-02', '2026-03-06', { facts: null })).thenThrows(NotFound, 'DELEGATION.DELEGATE_NOT_FOUND');
    given([]).when(delegate('2026-03-02', '2026-03-06', { facts: known(dave, { companyId: OTHER_COMPANY }) })).thenThrows(NotFound, 'DELEGATION.DELEGATE_NOT_FOUND');
    expect(() => delegationDecider.decide(delegate('2026-03-02', '2026-03-06', { facts: null }), { status: 'none' })).toThrow(/delegateUserId.*retry in a few seconds/);
  });
  it('refuses a deactivated delegate, and one who holds no approving role (422)', () => {
    given([]).when(delegate('2026-03-02', '2026-03-06', { facts: known(dave, { active: false }) })).thenThrows(RuleViolated, 'DELEGATION.DELEGATE_INACTIVE');
    given([]).when(delegate('2026-03-02', '2026-03-06', { facts: known(dave, { roles: ['requester', 'receiver'] }) })).thenThrows(RuleViolated, 'DELEGATION.DELEGATE_CANNOT_APPROVE');
  });
  it('refuses supplier staff (they approve nothing)', () =>
    given([]).when(delegate('2026-03-02', '2026-03-06', { by: { userId: carl.userId, companyId: 'aaaaaaaa-0000-4000-8000-000000000001', roles: ['sales'] } })).thenThrows(Forbidden));
  it('refuses a second delegation to the same colleague for an overlapping period', () => {
    given([delegated(...MARCH)]).when(delegate('2026-03-06', '2026-03-10', { id: ID2 })).thenThrows(Conflict, 'DELEGATION.OVERLAPS');
    given([delegated(...MARCH)]).when(delegate('2026-03-07', '2026-03-10', { id: ID2 })).then([delegated('2026-03-07T00:00:00.000Z', '2026-03-11T00:00:00.000Z', ID2)]);
  });
  it('is revoked by the delegator, once', () => {
    const revoked: DelegationEvent = { type: 'ApprovalDelegationRevoked', data: { delegationId: ID, delegatorUserId: anna.userId, delegateUserId: dave.userId, by: actingAs(anna, 'approver'), at: T0.toISOString() } };
    given([delegated(...MARCH)]).when(revoke()).then([revoked]);
    given([delegated(...MARCH), revoked]).when(revoke()).thenThrows(Conflict, 'DELEGATION.REVOKED');
    given([delegated(...MARCH)]).when(revoke(ID2)).thenThrows(NotFound);
    given([delegated(...MARCH)]).when(revoke(ID, dave)).thenThrows(NotFound);
    given([delegated(...MARCH), revoked]).when(delegate('2026-03-02', '2026-03-06', { id: ID2 })).then([delegated(...MARCH, ID2)]);
  });
  it('is in force from its start (included) until its end (excluded), unless revoked', () => {
    const d = { ...delegationPeriod('2026-03-02', '2026-03-06'), revokedAt: null };
    expect(isDelegationActive(d, new Date('2026-03-02T00:00:00Z'))).toBe(true);
    expect(isDelegationActive(d, new Date('2026-03-06T23:59:59Z'))).toBe(true);
    expect(isDelegationActive(d, new Date('2026-03-07T00:00:00Z'))).toBe(false);
    expect(isDelegationActive({ ...d, revokedAt: hours(1).toISOString() }, hours(2))).toBe(false);
  });
});
