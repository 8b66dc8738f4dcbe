import { describe, it } from '@jest/globals';
import { Forbidden, Invalid, NotFound, deciderSpec, type Actor } from '@b2b/kernel';
import { orderListDecider, type OrderListEvent } from './order-list.decider.js';

const given = deciderSpec(orderListDecider);
const now = new Date('2026-03-02T09:00:00.000Z');
const at = now.toISOString();
const company = '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50';
const rita: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000001', companyId: company, roles: ['requester'] };
const rob: Actor = { ...rita, userId: 'aaaaaaaa-0000-4000-8000-000000000002' };
const listId = 'cccccccc-0000-4000-8000-000000000003';
const ritaRef = { userId: rita.userId, companyId: company, role: 'requester' as const };
const saved: OrderListEvent = { type: 'OrderListSaved', data: { listId, name: 'Weekly', lines: [{ sku: 'BOLT', quantity: 100 }], companyId: company, by: ritaRef, at } };

describe('saved order lists', () => {
  it('are saved by a requester', () =>
    given([]).when({ type: 'SaveOrderList', data: { listId, name: 'Weekly', lines: [{ sku: 'BOLT', quantity: 100 }] }, meta: { by: rita, now } }).then([saved]));
  it('refuse no lines and non-requesters', () => {
    given([]).when({ type: 'SaveOrderList', data: { listId, name: 'Weekly', lines: [] }, meta: { by: rita, now } }).thenThrows(Invalid);
    given([]).when({ type: 'SaveOrderList', data: { listId, name: 'Weekly', lines: [{ sku: 'A', quantity: 1 }] }, meta: { by: { ...rita, roles: ['approver'] }, now } }).thenThrows(Forbidden);
  });
  it("are private: another user's list is not found", () => given([saved]).when({ type: 'DeleteOrderList', data: { listId }, meta: { by: rob, now } }).thenThrows(NotFound));
  it('change and delete by their owner', () => {
    given([saved]).when({ type: 'ChangeOrderList', data: { listId, name: 'Monthly', lines: [{ sku: 'NUT', quantity: 5 }] }, meta: { by: rita, now } })
      .then([{ type: 'OrderListChanged', data: { listId, name: 'Monthly', lines: [{ sku: 'NUT', quantity: 5 }], by: ritaRef, at } }]);
    given([saved, { type: 'OrderListDeleted', data: { listId, by: ritaRef, at } }]).when({ type: 'DeleteOrderList', data: { listId }, meta: { by: rita, now } }).thenThrows(NotFound);
  });
});
