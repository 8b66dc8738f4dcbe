import { describe, it, expect, jest, afterEach } from '@jest/globals';
import type { SubscriptionState, SubscriptionStatus } from '@b2b/messaging';
import { HealthController, Readiness } from './readiness.js';

const stateOf = (group: string, status: SubscriptionStatus, since: Date, lastError: string | null = null): SubscriptionState => ({
  group, status, since: since.toISOString(), lastError, restarts: 0, lag: 3,
  partitions: [{ topic: 'orders', partition: 0, handledOffset: '6', highWatermark: '10', lag: 3 }],
});

describe('Readiness of consumer groups', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('is ready only while every registered consumer group is running, and names the others', () => {
    const readiness = new Readiness();
    readiness.expect('ordering');
    readiness.markReady('ordering');
    let status: SubscriptionStatus = 'running';
    const since = new Date('2026-12-01T10:00:00Z');
    const unwatch = readiness.watchConsumer('ordering', () => stateOf('ordering.approvals', status, since, 'KafkaJSNonRetriableError: The coordinator is not aware of this member'));
    readiness.watchConsumer('delivery', () => stateOf('delivery.orders', 'running', since));
    expect(readiness.status()).toEqual({ ready: true, waitingFor: [] });

    status = 'restarting';
    expect(readiness.status()).toEqual({ ready: false, waitingFor: ['consumer group ordering.approvals (restarting since 2026-12-01T10:00:00.000Z)'] });
    expect(() => new HealthController(readiness).health()).toThrow('not ready: waiting for consumer group ordering.approvals (restarting since');
    const view = new HealthController(readiness).consumers();
    expect(view.status).toBe('degraded');
    expect(view.consumers.map((c) => [c.service, c.group, c.status, c.lag])).toEqual([['delivery', 'delivery.orders', 'running', 3], ['ordering', 'ordering.approvals', 'restarting', 3]]);

    status = 'closed'; // shutting down: the service itself is marked down instead
    expect(readiness.status().ready).toBe(true);
    unwatch();
    expect(readiness.consumerReports().map((c) => c.group)).toEqual(['delivery.orders']);
  });

  it('gives up once a consumer group has not been running for longer than the recovery time', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const readiness = new Readiness();
    let state = stateOf('ordering.approvals', 'running', new Date());
    readiness.watchConsumer('ordering', () => state);
    const reasons: string[] = [];
    readiness.watchConsumers({ giveUpAfterMs: 120_000, onGiveUp: (reason) => reasons.push(reason), everyMs: 1000 });

    jest.advanceTimersByTime(10_000);
    state = stateOf('ordering.approvals', 'restarting', new Date(), 'KafkaJSConnectionError: Connection error: connect ECONNREFUSED');
    jest.advanceTimersByTime(60_000);
    expect(reasons).toEqual([]);
    state = stateOf('ordering.approvals', 'running', new Date()); // recovered in time
    jest.advanceTimersByTime(120_000);
    expect(reasons).toEqual([]);

    state = stateOf('ordering.approvals', 'stalled', new Date());
    jest.advanceTimersByTime(119_000);
    expect(reasons).toEqual([]);
    jest.advanceTimersByTime(3000);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^consumer group ordering.approvals of ordering has been stalled since 2026-12-01T10:03:10.000Z \(longer than 120000 ms\)/);
    jest.advanceTimersByTime(600_000);
    expect(reasons).toHaveLength(1); // once
    readiness.onApplicationShutdown();
  });

  it('gives up at once on a failed consumer', () => {
    jest.useFakeTimers();
    const readiness = new Readiness();
    readiness.watchConsumer('invoicing', () => stateOf('invoicing.orders', 'failed', new Date(), 'bad configuration'));
    const reasons: string[] = [];
    readiness.watchConsumers({ giveUpAfterMs: 120_000, onGiveUp: (reason) => reasons.push(reason) });
    jest.advanceTimersByTime(1000);
    expect(reasons).toEqual([expect.stringContaining('invoicing.orders of invoicing has been failed since')]);
    readiness.onApplicationShutdown();
  });
});
