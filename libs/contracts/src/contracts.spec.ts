import { describe, it, expect } from '@jest/globals';
import { Invalid } from '@b2b/kernel';
import { ALL_CONTRACTS, ALL_TOPICS, findContract } from './registry.js';
import { contractId } from './define-event.js';
import { envelopeOf, validatePayload } from './validate.js';
import { AgreementActivated, supersedesActivation, type AgreementActivatedV1 } from './agreements/agreement-activated.js';
import { supersedesUserAccount } from './agreements/user-account-changed.js';

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
  'agreements.CompanyRegistered@1': {
    companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', kind: 'customer', name: 'ACME',
    locations: [{ id: '5a2d3f89-7182-40a8-8c7f-5f9061728394', name: 'Plant Nord', address: 'Hafenstraße 1, Hamburg' }], registeredAt: '2026-01-01T08:00:00.000Z',
  },
  'agreements.UserAccountChanged@1': {
    userId: '2d9a0c56-4e5f-4e75-9f4c-2c6d3e4f5061', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', roles: ['approver', 'finance'], active: false,
    tokenVersion: 2, at: '2026-01-05T08:00:00.000Z',
  },
  'catalog.ProductListed@1': {
    sku: 'BOLT-M8', category: 'fasteners', name: 'Hex bolt M8', unit: 'piece', listPrice: '0.50', currency: 'EUR',
    companyId: '3e0b1d67-5f60-4f86-8a5d-3d7e4f506172', listedAt: '2026-01-01T08:00:00.000Z',
  },
  'ordering.OrderSubmitted@1': {
    orderId: '4f1c2e78-6071-4097-9b6e-4e8f50617283', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', locationId: '5a2d3f89-7182-40a8-8c7f-5f9061728394',
    round: 1, total: '1250.00', currency: 'EUR', agreementId: '0b7e8a34-2c3d-4c53-9d2a-0a4b1c2d3e4f', agreementVersion: 2,
    approvalPolicy: [{ minTotal: '1000', role: 'approver' }, { minTotal: '5000', role: 'finance' }],
    lines: [{ sku: 'BOLT-M8', quantity: 2500, unitPrice: '0.50', lineTotal: '1250.00' }], poNumber: 'PO-1', costCenter: 'CC-7', budgetExceeded: false,
    requestedDeliveryDate: '2026-03-02', submittedAt: '2026-02-20T09:00:00.000Z',
    submittedBy: { userId: '2d9a0c56-4e5f-4e75-9f4c-2c6d3e4f5061', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', role: 'requester' },
  },
  'ordering.OrderCancelled@1': {
    orderId: '4f1c2e78-6071-4097-9b6e-4e8f50617283', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', round: 1, reason: 'no longer needed',
    cancelledAt: '2026-02-21T09:00:00.000Z', cancelledBy: { userId: '2d9a0c56-4e5f-4e75-9f4c-2c6d3e4f5061', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', role: 'requester' },
  },
  'ordering.OrderApproved@1': {
    orderId: '4f1c2e78-6071-4097-9b6e-4e8f50617283', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', locationId: '5a2d3f89-7182-40a8-8c7f-5f9061728394',
    agreementId: '0b7e8a34-2c3d-4c53-9d2a-0a4b1c2d3e4f', agreementVersion: 2, total: '1250.00', currency: 'EUR',
    lines: [{ sku: 'BOLT-M8', quantity: 2500, unitPrice: '0.50', lineTotal: '1250.00' }], requestedDeliveryDate: '2026-03-02', approvedAt: '2026-02-21T09:00:00.000Z',
  },
  'approvals.ApprovalRoundDecided@1': {
    orderId: '4f1c2e78-6071-4097-9b6e-4e8f50617283', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', round: 1, outcome: 'approved',
    decisions: [{ level: 1, role: 'approver', minTotal: '1000', by: { userId: '6b3e4a90-8293-41b9-9d80-606172839405', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', role: 'approver' }, at: '2026-02-21T09:00:00.000Z' }],
    decidedAt: '2026-02-21T09:00:00.000Z', decidedBy: { userId: '6b3e4a90-8293-41b9-9d80-606172839405', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', role: 'approver' },
  },
  'delivery.DeliveryScheduled@1': {
    deliveryId: '7c4f5b01-9304-42ca-8e91-717283940516', orderId: '4f1c2e78-6071-4097-9b6e-4e8f50617283', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50',
    promisedDate: '2026-03-05', lines: [{ sku: 'BOLT-M8', quantity: 2500 }], scheduledAt: '2026-03-02T09:00:00.000Z',
  },
  'delivery.DeliveryDispatched@1': {
    deliveryId: '7c4f5b01-9304-42ca-8e91-717283940516', orderId: '4f1c2e78-6071-4097-9b6e-4e8f50617283', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50',
    lines: [{ sku: 'BOLT-M8', quantity: 2500 }], carrier: 'DHL', trackingReference: 'JD0123', dispatchedAt: '2026-03-04T09:00:00.000Z',
    dispatchedBy: { userId: '8d5a6c12-a415-43db-9fa2-828394051627', companyId: '3e0b1d67-5f60-4f86-8a5d-3d7e4f506172', role: 'supplier-ops' },
  },
  'delivery.GoodsReceived@1': {
    receiptId: '9e6b7d23-b526-44ec-8ab3-939405162738', deliveryId: '7c4f5b01-9304-42ca-8e91-717283940516', orderId: '4f1c2e78-6071-4097-9b6e-4e8f50617283', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50',
    lines: [{ sku: 'BOLT-M8', quantityReceived: 2400, quantityDamaged: 10 }], deliveryClosed: false, orderFullyReceived: false, promisedDate: '2026-03-05',
    receivedAt: '2026-03-05T09:00:00.000Z', receivedBy: { userId: '2d9a0c56-4e5f-4e75-9f4c-2c6d3e4f5061', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', role: 'receiver' },
  },
  'invoicing.InvoiceIssued@1': {
    invoiceId: 'af7c8e34-c637-45fd-9bc4-a40516273849', number: 'INV-2026-000001', companyId: '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50', agreementId: '0b7e8a34-2c3d-4c53-9d2a-0a4b1c2d3e4f',
    orderIds: ['4f1c2e78-6071-4097-9b6e-4e8f50617283'], period: '2026-03', total: '1250.00', currency: 'EUR', issueDate: '2026-04-01', dueDate: '2026-05-01',
    issuedAt: '2026-04-01T06:00:00.000Z',
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

describe('which user account state a consumer keeps', () => {
  it('takes a higher version, and a deactivation at the same version, never an older one', () => {
    const known = { tokenVersion: 1, active: true };
    expect(supersedesUserAccount(null, { tokenVersion: 0, active: true })).toBe(true);
    expect(supersedesUserAccount(known, { tokenVersion: 2, active: true })).toBe(true);
    expect(supersedesUserAccount(known, { tokenVersion: 1, active: false })).toBe(true);
    expect(supersedesUserAccount(known, { tokenVersion: 1, active: true })).toBe(false);
    expect(supersedesUserAccount(known, { tokenVersion: 0, active: false })).toBe(false);
    expect(supersedesUserAccount({ tokenVersion: 1, active: false }, { tokenVersion: 1, active: true })).toBe(false);
  });
});

describe('which activation a consumer keeps', () => {
  const known = { agreementId: 'a1', version: 2, activatedAt: new Date('2026-02-01T00:00:00Z') };
  it('takes the first and any later version of the same agreement, not a repeat or an older one', () => {
    expect(supersedesActivation(null, { agreementId: 'a1', version: 1, activatedAt: '2026-01-01T00:00:00Z' })).toBe(true);
    expect(supersedesActivation(known, { agreementId: 'a1', version: 3, activatedAt: '2026-01-01T00:00:00Z' })).toBe(true);
    expect(supersedesActivation(known, { agreementId: 'a1', version: 2, activatedAt: '2026-03-01T00:00:00Z' })).toBe(false);
    expect(supersedesActivation(known, { agreementId: 'a1', version: 1, activatedAt: '2026-03-01T00:00:00Z' })).toBe(false);
  });
  it('takes another agreement only when it was activated later', () => {
    expect(supersedesActivation(known, { agreementId: 'a2', version: 1, activatedAt: '2026-02-01T00:00:01Z' })).toBe(true);
    expect(supersedesActivation(known, { agreementId: 'a2', version: 1, activatedAt: '2026-02-01T00:00:00Z' })).toBe(false);
  });
});
