import { describe, it, expect } from '@jest/globals';
import { Conflict, Forbidden, RuleViolated, deciderSpec, fold, type Actor } from '@b2b/kernel';
import { agreementDecider, agreementStatus, type AgreementCommand, type AgreementEvent } from './agreement.decider.js';
import type { AgreementTerms } from './agreement-terms.js';

const given = deciderSpec(agreementDecider);
const now = new Date('2026-02-02T10:00:00.000Z');
const at = now.toISOString();
const SUPPLIER = 'aaaaaaaa-0000-4000-8000-000000000001';
const ACME = 'cccccccc-0000-4000-8000-000000000001';
const OTHER = 'cccccccc-0000-4000-8000-000000000002';
const ID = 'dddddddd-0000-4000-8000-000000000001';
const OTHER_AGREEMENT = 'dddddddd-0000-4000-8000-000000000002';
const sam: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000001', companyId: SUPPLIER, roles: ['sales'] };
const pia: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000002', companyId: ACME, roles: ['procurement', 'requester'] };
const otto: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000003', companyId: OTHER, roles: ['procurement'] };
const rita: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000004', companyId: ACME, roles: ['requester'] };
const ref = (a: Actor, role: 'sales' | 'procurement') => ({ userId: a.userId, companyId: a.companyId, role });
const known = new Set(['BOLT-M8', 'NUT-M8']);

const terms = (over: Partial<AgreementTerms> = {}): AgreementTerms => ({
  title: 'Frame agreement 2026', currency: 'EUR', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-12-31T23:59:59.000Z',
  paymentTerms: { netDays: 30, invoicing: 'monthly' }, deliveryTerms: { leadTimeDays: 3, deliveryWeekdays: [2, 4] },
  prices: [{ sku: 'BOLT-M8', unitPrice: '0.4200', tiers: [{ minQty: 100, unitPrice: '0.3800' }] }],
  categoryDiscounts: [{ category: 'tools', percent: '10' }], assortment: { skus: ['NUT-M8'], categories: [] },
  approvalPolicy: { levels: [{ minTotal: '1000', role: 'approver' }] }, ...over,
});

const draft = (by: Actor = sam, t = terms(), knownSkus: ReadonlySet<string> = known): AgreementCommand =>
  ({ type: 'DraftAgreement', data: { agreementId: ID, companyId: ACME, terms: t, knownSkus }, meta: { by, now } });
const amend = (by: Actor = sam, t = terms({ prices: [{ sku: 'BOLT-M8', unitPrice: '0.45', tiers: [] }] }), when = now): AgreementCommand =>
  ({ type: 'AmendAgreement', data: { agreementId: ID, terms: t, reason: 'steel prices', knownSkus: known }, meta: { by, now: when } });
const sign = (by: Actor, otherActiveAgreementId: string | null = null, when = now): AgreementCommand =>
  ({ type: 'SignAgreement', data: { agreementId: ID, otherActiveAgreementId }, meta: { by, now: when } });

const drafted: AgreementEvent = { type: 'AgreementDrafted', data: { agreementId: ID, companyId: ACME, terms: terms(), version: 1, by: ref(sam, 'sales'), at } };
const signed = (by: Actor, side: 'supplier' | 'customer', version = 1): AgreementEvent => ({
  type: 'AgreementSigned', data: { agreementId: ID, version, side, by: ref(by, side === 'supplier' ? 'sales' : 'procurement'), at },
});
const activated = (by: Actor, role: 'sales' | 'procurement', version = 1, supersedes?: number): AgreementEvent => ({
  type: 'AgreementActivated', data: { agreementId: ID, companyId: ACME, version, ...(supersedes ? { supersedesVersion: supersedes } : {}), at, by: ref(by, role) },
});
const active = [drafted, signed(sam, 'supplier'), signed(pia, 'customer'), activated(pia, 'procurement')];
const amendedTerms = terms({ prices: [{ sku: 'BOLT-M8', unitPrice: '0.45', tiers: [] }] });
const amended: AgreementEvent = { type: 'AgreementAmended', data: { agreementId: ID, version: 2, terms: amendedTerms, reason: 'steel prices', by: ref(sam, 'sales'), at } };

describe('agreement decider: drafting and terms', () => {
  it('lets sales draft an agreement, recording who and when', () => given([]).when(draft()).then([drafted]));
  it('refuses a draft by anyone but sales', () => given([]).when(draft(pia)).thenThrows(Forbidden));
  it('refuses validFrom after validTo', () =>
    given([]).when(draft(sam, terms({ validFrom: '2027-01-01T00:00:00.000Z' }))).thenThrows(RuleViolated, 'AGREEMENT.INVALID_VALIDITY'));
  it('refuses tiers that do not ascend', () =>
    given([]).when(draft(sam, terms({ prices: [{ sku: 'BOLT-M8', unitPrice: '2', tiers: [{ minQty: 10, unitPrice: '1' }, { minQty: 10, unitPrice: '0.9' }] }] })))
      .thenThrows(RuleViolated, 'AGREEMENT.INVALID_TIERS'));
  it('refuses a non-positive price', () =>
    given([]).when(draft(sam, terms({ prices: [{ sku: 'BOLT-M8', unitPrice: '0', tiers: [] }] }))).thenThrows(RuleViolated, 'AGREEMENT.INVALID_PRICE'));
  it('refuses weekdays outside 1..7 or repeated', () =>
    given([]).when(draft(sam, terms({ deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 1] } }))).thenThrows(RuleViolated, 'AGREEMENT.INVALID_WEEKDAYS'));
  it('refuses SKUs the catalog does not know, naming them', () => {
    expect(() => given([]).when(draft(sam, terms(), new Set(['BOLT-M8']))).events()).toThrow('unknown SKUs (not in the catalog): NUT-M8');
  });
  it('refuses a category discount of 100 percent or more', () =>
    given([]).when(draft(sam, terms({ categoryDiscounts: [{ category: 'tools', percent: '100' }] }))).thenThrows(RuleViolated, 'AGREEMENT.INVALID_DISCOUNT'));
});

describe('agreement decider: signing', () => {
  it('records the supplier signature without activating', () => given([drafted]).when(sign(sam)).then([signed(sam, 'supplier')]));
  it('activates when procurement signs after sales', () =>
    given([drafted, signed(sam, 'supplier')]).when(sign(pia)).then([signed(pia, 'customer'), activated(pia, 'procurement')]));
  it('activates when sales signs after procurement (either order)', () =>
    given([drafted, signed(pia, 'customer')]).when(sign(sam)).then([signed(sam, 'supplier'), activated(sam, 'sales')]));
  it('refuses a second signature from the same side', () => given([drafted, signed(sam, 'supplier')]).when(sign(sam)).thenThrows(Conflict, 'AGREEMENT.ALREADY_SIGNED'));
  it('refuses procurement of another company', () => given([drafted]).when(sign(otto)).thenThrows(Forbidden));
  it('refuses a requester', () => given([drafted]).when(sign(rita)).thenThrows(Forbidden));
  it('refuses to sign an active agreement without a pending amendment', () => given(active).when(sign(sam)).thenThrows(Conflict, 'AGREEMENT.ALREADY_ACTIVE'));
  it('refuses to activate while the company has another active agreement (409)', () =>
    given([drafted, signed(sam, 'supplier')]).when(sign(pia, OTHER_AGREEMENT)).thenThrows(Conflict, 'AGREEMENT.COMPANY_HAS_ACTIVE_AGREEMENT'));
  it('refuses to sign a draft whose validity has ended', () =>
    given([drafted]).when(sign(sam, null, new Date('2027-01-01T00:00:00Z'))).thenThrows(RuleViolated, 'AGREEMENT.EXPIRED'));
});

describe('agreement decider: amendments and expiry', () => {
  it('makes a new version that waits for signatures while the old one stays in force', () => {
    given(active).when(amend()).then([amended]);
    const state = fold(agreementDecider, [...active, amended]);
    expect(state).toMatchObject({ status: 'active', version: 1, terms: { prices: [{ unitPrice: '0.4200' }] }, pending: { version: 2 } });
  });
  it('activates the amendment once both sides signed it, superseding the old version', () =>
    given([...active, amended, signed(pia, 'customer', 2)]).when(sign(sam, ID)).then([signed(sam, 'supplier', 2), activated(sam, 'sales', 2, 1)]));
  it('puts the amended terms in force after activation', () => {
    const state = fold(agreementDecider, [...active, amended, signed(pia, 'customer', 2), signed(sam, 'supplier', 2), activated(sam, 'sales', 2, 1)]);
    expect(state).toMatchObject({ status: 'active', version: 2, terms: amendedTerms, pending: null });
  });
  it('refuses a second amendment while one is pending', () => given([...active, amended]).when(amend()).thenThrows(Conflict, 'AGREEMENT.AMENDMENT_PENDING'));
  it('refuses to amend a draft', () => given([drafted]).when(amend()).thenThrows(Conflict, 'AGREEMENT.NOT_ACTIVE'));
  it('refuses an amendment by procurement', () => given(active).when(amend(pia)).thenThrows(Forbidden));
  it('refuses to amend an expired agreement', () => given(active).when(amend(sam, amendedTerms, new Date('2027-01-01T00:00:00Z'))).thenThrows(RuleViolated, 'AGREEMENT.EXPIRED'));
  it('reports an active agreement as expired from validTo on', () => {
    const state = fold(agreementDecider, active);
    if (state.status === 'none') throw new Error('no agreement');
    expect(agreementStatus(state, new Date('2026-12-31T23:59:58Z'))).toBe('active');
    expect(agreementStatus(state, new Date('2026-12-31T23:59:59Z'))).toBe('expired');
  });
});
