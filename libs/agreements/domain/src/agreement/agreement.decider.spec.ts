import { describe, it } from '@jest/globals';
import { Conflict, Forbidden, RuleViolated, deciderSpec, type Actor } from '@b2b/kernel';
import { agreementDecider, type AgreementCommand, type AgreementEvent, type AgreementTerms } from './agreement.decider.js';

const given = deciderSpec(agreementDecider);
const now = new Date('2026-02-02T10:00:00.000Z');
const at = now.toISOString();
const SUPPLIER = 'aaaaaaaa-0000-4000-8000-000000000001';
const ACME = 'cccccccc-0000-4000-8000-000000000001';
const OTHER = 'cccccccc-0000-4000-8000-000000000002';
const ID = 'dddddddd-0000-4000-8000-000000000001';
const sam: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000001', companyId: SUPPLIER, roles: ['sales'] };
const pia: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000002', companyId: ACME, roles: ['procurement', 'requester'] };
const otto: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000003', companyId: OTHER, roles: ['procurement'] };
const rita: Actor = { userId: 'eeeeeeee-0000-4000-8000-000000000004', companyId: ACME, roles: ['requester'] };
const ref = (a: Actor, role: 'sales' | 'procurement') => ({ userId: a.userId, companyId: a.companyId, role });

const terms = (over: Partial<AgreementTerms> = {}): AgreementTerms => ({
  title: 'Frame agreement 2026', currency: 'EUR', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-12-31T23:59:59.000Z',
  paymentTerms: { netDays: 30, invoicing: 'monthly' }, deliveryTerms: { leadTimeDays: 3, deliveryWeekdays: [2, 4] },
  prices: [{ sku: 'BOLT-M8', unitPrice: '0.4200', tiers: [{ minQty: 100, unitPrice: '0.3800' }] }],
  approvalPolicy: { levels: [{ minTotal: '1000', role: 'approver' }] }, ...over,
});

const draft = (by: Actor = sam, t = terms()): AgreementCommand => ({ type: 'DraftAgreement', data: { agreementId: ID, companyId: ACME, terms: t }, meta: { by, now } });
const sign = (by: Actor): AgreementCommand => ({ type: 'SignAgreement', data: { agreementId: ID }, meta: { by, now } });
const drafted: AgreementEvent = { type: 'AgreementDrafted', data: { agreementId: ID, companyId: ACME, terms: terms(), version: 1, by: ref(sam, 'sales'), at } };
const signed = (by: Actor, side: 'supplier' | 'customer'): AgreementEvent => ({
  type: 'AgreementSigned', data: { agreementId: ID, version: 1, side, by: ref(by, side === 'supplier' ? 'sales' : 'procurement'), at },
});
const activated = (by: Actor, role: 'sales' | 'procurement'): AgreementEvent => ({ type: 'AgreementActivated', data: { agreementId: ID, companyId: ACME, version: 1, at, by: ref(by, role) } });

describe('agreement decider', () => {
  it('lets sales draft an agreement, recording who and when', () => given([]).when(draft()).then([drafted]));
  it('refuses a draft by anyone but sales', () => given([]).when(draft(pia)).thenThrows(Forbidden));
  it('refuses validFrom after validTo', () =>
    given([]).when(draft(sam, terms({ validFrom: '2027-01-01T00:00:00.000Z' }))).thenThrows(RuleViolated, 'AGREEMENT.INVALID_VALIDITY'));
  it('refuses tiers that do not ascend', () =>
    given([]).when(draft(sam, terms({ prices: [{ sku: 'A', unitPrice: '2', tiers: [{ minQty: 10, unitPrice: '1' }, { minQty: 10, unitPrice: '0.9' }] }] })))
      .thenThrows(RuleViolated, 'AGREEMENT.INVALID_TIERS'));
  it('refuses a non-positive price', () =>
    given([]).when(draft(sam, terms({ prices: [{ sku: 'A', unitPrice: '0', tiers: [] }] }))).thenThrows(RuleViolated, 'AGREEMENT.INVALID_PRICE'));
  it('refuses weekdays outside 1..7 or repeated', () =>
    given([]).when(draft(sam, terms({ deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 1] } }))).thenThrows(RuleViolated, 'AGREEMENT.INVALID_WEEKDAYS'));
  it('records the supplier signature without activating', () => given([drafted]).when(sign(sam)).then([signed(sam, 'supplier')]));
  it('activates when procurement signs after sales', () =>
    given([drafted, signed(sam, 'supplier')]).when(sign(pia)).then([signed(pia, 'customer'), activated(pia, 'procurement')]));
  it('activates when sales signs after procurement (either order)', () =>
    given([drafted, signed(pia, 'customer')]).when(sign(sam)).then([signed(sam, 'supplier'), activated(sam, 'sales')]));
  it('refuses a second signature from the same side', () => given([drafted, signed(sam, 'supplier')]).when(sign(sam)).thenThrows(Conflict, 'AGREEMENT.ALREADY_SIGNED'));
  it('refuses procurement of another company', () => given([drafted]).when(sign(otto)).thenThrows(Forbidden));
  it('refuses a requester', () => given([drafted]).when(sign(rita)).thenThrows(Forbidden));
  it('refuses to sign an active agreement', () =>
    given([drafted, signed(sam, 'supplier'), signed(pia, 'customer'), activated(pia, 'procurement')]).when(sign(sam)).thenThrows(Conflict, 'AGREEMENT.ALREADY_ACTIVE'));
});
