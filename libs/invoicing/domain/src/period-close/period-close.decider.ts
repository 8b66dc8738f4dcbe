import { RuleViolated, assertNever, type ActorRef, type Command, type Decider } from '@b2b/kernel';
import { assertPeriod, periodEnd } from './period.js';

/** Closing a month for monthly agreements: once per period. Receipts that arrive after the close,
 *  even with a receivedAt inside it, accrue to the next open period. */
export type PeriodCloseEvent = { type: 'InvoicingPeriodClosed'; data: { period: string; by: ActorRef; at: string } };

export type PeriodCloseCommand = Command<'ClosePeriod', { period: string; by: ActorRef }>;

export type PeriodClose = { status: 'open' } | { status: 'closed'; period: string; closedAt: string };

const decide = (command: PeriodCloseCommand, state: PeriodClose): PeriodCloseEvent[] => {
  switch (command.type) {
    case 'ClosePeriod': {
      const { period, by } = command.data;
      assertPeriod(period);
      if (state.status === 'closed') return [];
      if (periodEnd(period).getTime() > command.meta.now.getTime()) throw new RuleViolated('PERIOD.NOT_ENDED', `period ${period} has not ended yet`);
      return [{ type: 'InvoicingPeriodClosed', data: { period, by, at: command.meta.now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_state: PeriodClose, event: PeriodCloseEvent): PeriodClose => ({ status: 'closed', period: event.data.period, closedAt: event.data.at });

export const periodCloseDecider: Decider<PeriodClose, PeriodCloseCommand, PeriodCloseEvent> = { decide, evolve, initialState: () => ({ status: 'open' }) };

export const periodCloseStream = (period: string): string => `invoicing-period-${period}`;
