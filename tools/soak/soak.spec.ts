import { describe, expect, it } from '@jest/globals';
import { ClientStats } from './client.js';
import { FaultLog } from './faults.js';
import { expectedInvoiced, planJourney, type JourneyResult } from './journey.js';
import { problems, type SoakReport } from './report.js';
import type { Platform } from './setup.js';

const platform = {
  skus: { washer: 'W', bracket: 'B', pump: 'P' },
  customers: [{ no: 0 }, { no: 1 }, { no: 2 }],
} as unknown as Platform;

describe('soak journeys', () => {
  it('take turns at no approval, one level and two levels', () => {
    expect([0, 1, 2].map((no) => planJourney(no, 'r', platform)).map((p) => [p.total, p.levels])).toEqual([['10.00', 0], ['140.00', 1], ['1380.00', 2]]);
  });
  it('expect the invoice to bill what was received less damage, over all receipts', () => {
    const plan = planJourney(0, 'r', platform); // two receipts, one damaged washer
    expect(plan.receipts).toHaveLength(2);
    expect(expectedInvoiced(plan)).toEqual(new Map([['W', 4]]));
  });
});

const faults = (): FaultLog => {
  const log = new FaultLog();
  for (const s of ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery']) {
    log.count(log.kills, s);
    log.count(log.sigterms, s);
  }
  log.outages.push({ at: 0, ms: 10_000, kills: [], resumed: { invoiced: 8, stuck: 0, waitedMs: 20_000, deadGroups: [] } });
  log.terminations.push({ at: 0, backends: 40 });
  return log;
};
const report = (over: Partial<SoakReport> = {}): SoakReport => ({
  run: 'r', journeysWanted: 1, faults: faults(), stats: new ClientStats(), crashes: new Map(), gaveUp: false, deadGroups: [], groups: 20, journeysMs: 1, elapsedMs: 1, logFile: 'x',
  results: [{ outcome: 'invoiced', plan: planJourney(0, 'r', platform), orderId: 'o', step: 'invoiced', status: 'invoiced', appliedTwice: [], startedAt: 0, endedAt: 1 } satisfies JourneyResult],
  findings: { duplicatedOrders: 0, stuck: [], lostLines: 0, duplicatedLines: 0, invoices: 1, invoiceGaps: 0, trailsVerified: 1, trailFailures: 0, duplicateEvents: 0, readModelsCompared: 24, readModelDifferences: 0, list: [] },
  ...over,
});

describe('soak verdict', () => {
  it('passes a run in which every fault was injected and nothing was found', () => expect(problems(report())).toEqual([]));
  it('fails on a consumer group left without members, a 500, a fault never injected', () => {
    const r = report({ deadGroups: ['delivery.orders'], faults: new FaultLog() });
    r.stats.serverError('POST', '/orders', { message: 'terminating connection' });
    expect(problems(r)).toEqual([
      'consumer groups without members at the end: delivery.orders', '1 answers were 500',
      'not SIGKILLed: agreements, catalog, ordering, approvals, invoicing, delivery', 'not SIGTERMed: agreements, catalog, ordering, approvals, invoicing, delivery',
      'no broker outage without kills', 'no database connection terminated',
    ]);
  });
});
