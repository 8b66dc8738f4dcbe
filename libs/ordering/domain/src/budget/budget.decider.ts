import Big from 'big.js';
import { Forbidden, actingAs, assertNever, compareDecimal, hasRole, RuleViolated, type ActorRef, type Command, type Decider } from '@b2b/kernel';

/** A cost center's spending limit for one month. Submitting an order reserves its total, approval
 *  commits it, rejection or cancellation releases it. An order over the remaining budget is still
 *  reserved (it needs its approvals anyway) and the reservation says the budget was exceeded. */
export type BudgetEvent =
  | { type: 'BudgetSet'; data: { companyId: string; costCenter: string; period: string; limit: string; by: ActorRef; at: string } }
  | { type: 'BudgetReserved'; data: { orderId: string; amount: string; remainingBefore: string | null; exceeded: boolean; at: string } }
  | { type: 'BudgetCommitted'; data: { orderId: string; amount: string; at: string } }
  | { type: 'BudgetReleased'; data: { orderId: string; amount: string; at: string } };

export type BudgetCommand =
  | Command<'SetBudget', { companyId: string; costCenter: string; period: string; limit: string }>
  | Command<'ReserveBudget', { orderId: string; amount: string }>
  | Command<'CommitBudget', { orderId: string }>
  | Command<'ReleaseBudget', { orderId: string }>;

export interface Budget {
  readonly limit: string | null;
  /** Order → amount reserved (submitted, not yet decided). */
  readonly reserved: ReadonlyMap<string, string>;
  readonly committed: ReadonlyMap<string, string>;
}

const sum = (amounts: Iterable<string>): Big => [...amounts].reduce((s, a) => s.plus(a), new Big(0));

/** What is left of the limit after reservations and commitments (null: no limit set). */
export const remaining = (budget: Budget): string | null =>
  budget.limit === null ? null : new Big(budget.limit).minus(sum(budget.reserved.values())).minus(sum(budget.committed.values())).toFixed(2);

const decide = (command: BudgetCommand, state: Budget): BudgetEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'SetBudget': {
      const actor = command.meta.by;
      if (!hasRole(actor, 'company-admin') || actor.companyId !== command.data.companyId) throw new Forbidden('BUDGET.ADMIN_ONLY', 'only the company admin sets budgets');
      if (compareDecimal(command.data.limit, '0') < 0) throw new RuleViolated('BUDGET.NEGATIVE', 'limit must not be negative');
      return [{ type: 'BudgetSet', data: { ...command.data, by: actingAs(actor, 'company-admin'), at } }];
    }
    case 'ReserveBudget': {
      // A resubmission replaces the order's earlier reservation.
      const without: Budget = { ...state, reserved: new Map([...state.reserved].filter(([id]) => id !== command.data.orderId)) };
      const left = remaining(without);
      const exceeded = left !== null && compareDecimal(command.data.amount, left) > 0;
      return [{ type: 'BudgetReserved', data: { orderId: command.data.orderId, amount: command.data.amount, remainingBefore: left, exceeded, at } }];
    }
    case 'CommitBudget': {
      const amount = state.reserved.get(command.data.orderId);
      return amount === undefined ? [] : [{ type: 'BudgetCommitted', data: { orderId: command.data.orderId, amount, at } }];
    }
    case 'ReleaseBudget': {
      const amount = state.reserved.get(command.data.orderId);
      return amount === undefined ? [] : [{ type: 'BudgetReleased', data: { orderId: command.data.orderId, amount, at } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: Budget, event: BudgetEvent): Budget => {
  switch (event.type) {
    case 'BudgetSet':
      return { ...state, limit: event.data.limit };
    case 'BudgetReserved':
      return { ...state, reserved: new Map(state.reserved).set(event.data.orderId, event.data.amount) };
    case 'BudgetCommitted': {
      const reserved = new Map(state.reserved);
      reserved.delete(event.data.orderId);
      return { ...state, reserved, committed: new Map(state.committed).set(event.data.orderId, event.data.amount) };
    }
    case 'BudgetReleased': {
      const reserved = new Map(state.reserved);
      reserved.delete(event.data.orderId);
      return { ...state, reserved };
    }
    default:
      return assertNever(event);
  }
};

export const budgetDecider: Decider<Budget, BudgetCommand, BudgetEvent> = {
  decide, evolve, initialState: () => ({ limit: null, reserved: new Map(), committed: new Map() }),
};
export const budgetStream = (companyId: string, costCenter: string, period: string): string => `budget-${companyId}-${period}-${costCenter}`;
export const periodOf = (now: Date): string => now.toISOString().slice(0, 7);
