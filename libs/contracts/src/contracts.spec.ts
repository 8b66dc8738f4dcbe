import { describe, it, expect } from '@jest/globals';
import { Invalid } from '@b2b/kernel';
import { ALL_CONTRACTS, ALL_TOPICS, findContract } from './registry.js';
import { contractId } from './define-event.js';
import { envelopeOf, validatePayload } from './validate.js';
import { AgreementActivated, type AgreementActivatedV1 } from './agreements/agreement-activated.js';

/** A breaking edit of a contract must fail here, not in production. */
const SAMPLES: Record<string, object> = {
  'agreements.AgreementActivated@1': {
    agreementId: '0b7e8a34-2c3d-4c53-9d2a-0a4b1c2d3e4f', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', version: 1, title: 'Frame 2026',
    currency: 'EUR', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-12-31T00:00:00.000Z',
    paymentTerms: { netDays: 30, invoicing: 'monthly' }, deliveryTerms: { leadTimeDays: 3, deliveryWeekdays: [2, 4] },
    prices: [{ sku: 'BOLT-M8', unitPrice: '0.42', tiers: [{ minQty: 100, unitPrice: '0.38' }] }],
    approvalPolicy: { levels: [{ minTotal: '1000', role: 'approver' }] },
    activatedAt: '2026-01-02T10:00:00.000Z',
    activatedBy: { userId: '2d9a0c56-4e5f-4e75-9f4c-2c6d3e4f5061', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', role: 'procurement' },
    categoryDiscounts: [{ category: 'fasteners', percent: '12.5' }],
    assortment: { skus: ['NUT-M8'], categories: ['tools'] },
  } satisfies AgreementActivatedV1,
  'catalog.ProductListed@1': {
    sku: 'BOLT-M8', category: 'fasteners', name: 'Hex bolt M8', unit: 'piece', listPrice: '0.50', currency: 'EUR',
    companyId: '3e0b1d67-5f60-4f86-8a5d-3d7e4f506172', listedAt: '2026-01-01T08:00:00.000Z',
  },
  'catalog.ProductChanged@1': {
    sku: 'BOLT-M8', category: 'fasteners', name: 'Hex bolt M8', unit: 'piece', listPrice: '0.55', currency: 'EUR', active: false,
    companyId: '3e0b1d67-5f60-4f86-8a5d-3d7e4f506172', changedAt: '2026-02-01T08:00:00.000Z',
  },
};

describe('integration event contracts', () => {
  it('are exactly these type@version pairs', () => {
    expect(ALL_CONTRACTS.map(contractId).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(ALL_CONTRACTS.map((c) => [contractId(c), c] as const))('%s accepts its sample, keys and tenants it', (id, contract) => {
    const sample = SAMPLES[id]!;
    expect(validatePayload(contract, sample)).toEqual(sample);
    expect(contract.key(sample)).toEqual(expect.any(String));
    expect(contract.companyId(sample)).toMatch(/^[0-9a-f-]{36}$/);
    expect(findContract(contract.type, contract.version)).toBe(contract);
    expect(ALL_TOPICS).toContain(contract.topic);
  });

  it('refuses a payload with a wrong field, naming it', () => {
    const bad = { ...SAMPLES['agreements.AgreementActivated@1'], currency: 'euro' };
    expect(() => validatePayload(AgreementActivated, bad)).toThrow(Invalid);
    expect(() => validatePayload(AgreementActivated, bad)).toThrow(/currency/);
  });

  it('refuses unknown fields and non-objects', () => {
    expect(() => validatePayload(AgreementActivated, { ...SAMPLES['agreements.AgreementActivated@1'], extra: 1 })).toThrow(/extra/);
    expect(() => validatePayload(AgreementActivated, [])).toThrow(Invalid);
  });

  it('builds an envelope keyed by the aggregate and tenanted by the company', () => {
    const sample = SAMPLES['agreements.AgreementActivated@1'] as AgreementActivatedV1;
    const envelope = envelopeOf(AgreementActivated, sample, { eventId: 'e', correlationId: 'c', causationId: null, actor: null, occurredAt: sample.activatedAt });
    expect(envelope).toMatchObject({ type: 'agreements.AgreementActivated', version: 1, topic: 'agreements.agreements', key: sample.agreementId, companyId: sample.companyId });
  });
});
