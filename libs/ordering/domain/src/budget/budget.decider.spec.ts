import { describe, it } from '@jest/globals';
import { Forbidden, deciderSpec, type Actor } from '@b2b/kernel';
import { budgetDecider, type BudgetEvent } from './budget.decider.js';

const given = deciderSpec(budgetDecider);
const now = new Date('2026-03-02T09:00:00.000Z');
const at = now.toISOString();
const company = '1c8f9b45-3d4e-4d64-8e3b-1b5c2d3e4f50';
const admin: Actor = { userId: 'aaaaaaaa-0000-4000-8000-000000000003', companyId: company, roles: ['company-admin'] };
const rita: Actor = { ...admin, roles: ['requester'] };
const set: BudgetEvent = { type: 'BudgetSet', data: { companyId: company, costCenter: 'CC-7', period: '2026-03', limit: '1000', by: { userId: admin.userId, companyId: company, role: 'company-admin' }, at } };
const reserve = (orderId: string, amount: string) => ({ type: 'ReserveBudget' as const, data: { orderId, amount }, meta: { by: rita, now } });
const reserved = (orderId: string, amount: string, remainingBefore: string | null, exceeded: boolean): BudgetEvent => ({ type: 'BudgetReserved', data: { orderId, amount, remainingBefore, exceeded, at } });

describe('budget decider', () => {
  it('is set by the company admin only', () => {
    given([]).when({ type: 'SetBudget', data: { companyId: company, costCenter: 'CC-7', period: '2026-03', limit: '1000' }, meta: { by: admin, now } }).then([set]);
    given([]).when({ type: 'SetBudget', data: { companyId: company, costCenter: 'CC-7', period: '2026-03', limit: '1000' }, meta: { by: rita, now } }).thenThrows(Forbidden);
  });
  it('reserves on submit and says when the remaining budget is exceeded', () => {
    given([set]).when(reserve('o1', '600.00')).then([reserved('o1', '600.00', '1000.00', false)]);
    given([set, reserved('o1', '600.00', '1000.00', false)]).when(reserve('o2', '400.01')).then([reserved('o2', '400.01', '400.00', true)]);
    given([]).when(reserve('o1', '600.00')).then([reserved('o1', '600.00', null, false)]);
  });
  it('replaces the reservation of a resubmitted order', () =>
    given([set, reserved('o1', '900.00', '1000.00', false)]).when(reserve('o1', '950.00')).then([reserved('o1', '950.00', '1000.00', false)]));
  it('commits on approval, releases on rejection or cancel; unknown orders change nothing', () => {
    const history = [set, reserved('o1', '600.00', '1000.00', false)];
    given(history).when({ type: 'CommitBudget', data: { orderId: 'o1' }, meta: { by: rita, now } }).then([{ type: 'BudgetCommitted', data: { orderId: 'o1', amount: '600.00', at } }]);
    given(history).when({ type: 'ReleaseBudget', data: { orderId: 'o1' }, meta: { by: rita, now } }).then([{ type: 'BudgetReleased', data: { orderId: 'o1', amount: '600.00', at } }]);
    given(history).when({ type: 'ReleaseBudget', data: { orderId: 'o2' }, meta: { by: rita, now } }).then([]);
    given([...history, { type: 'BudgetReleased', data: { orderId: 'o1', amount: '600.00', at } }]).when(reserve('o3', '1000.00')).then([reserved('o3', '1000.00', '1000.00', false)]);
  });
});
