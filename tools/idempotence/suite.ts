// Jest's globals (not @jest/globals): this file is the shared body of the idempotence.*.int-spec.ts files.
import { READ_MODELS, type Backend, type ServiceName } from './harness.js';
import { describeDelivery, runJourney, type Delivery, type JourneyRun } from './journey.js';
import { cleanRebuild, eventCount, ownedTables, readModelRows, rerunProjectionsFrom } from './projections.js';
import { SCENARIOS } from './scenarios.js';
import type { ServiceState } from './snapshot.js';


/** Part by part and table by table, so a difference names where it is. */
const expectSameState = (actual: ServiceState, expected: ServiceState, how: string): void => {
  expect({ how, part: 'event store', events: actual.events }).toEqual({ how, part: 'event store', events: expected.events });
  expect({ how, part: 'outbox', messages: actual.outbox }).toEqual({ how, part: 'outbox', messages: expected.outbox });
  expect(Object.keys(actual.tables)).toEqual(Object.keys(expected.tables));
  for (const [table, rows] of Object.entries(expected.tables)) expect({ how, table, rows: actual.tables[table] }).toEqual({ how, table, rows });
};

const expectSameRows = (actual: Record<string, unknown[]>, expected: Record<string, unknown[]>, how: string): void => {
  for (const [table, rows] of Object.entries(expected)) expect({ how, table, rows: actual[table] }).toEqual({ how, table, rows });
};

export const REDELIVERIES: Delivery[] = [{ kind: 'repeat', times: 2 }, { kind: 'repeat', times: 3 }, { kind: 'concurrent', times: 2 }];

/** The idempotence spec of one service: its journey (SCENARIOS) delivered once is the reference; every
 *  redelivery, crash and projection rerun must leave exactly that state. */
export interface SuiteOptions {
  /** Which redeliveries to run (default: 2× and 3× in a row, 2× at once). */
  readonly redeliveries?: readonly Delivery[];
  /** The crash runs (one per write point) and the projection reruns (default true). */
  readonly crashes?: boolean;
}

export const idempotenceSuite = (service: ServiceName, backend: Backend, options: SuiteOptions = {}): void => {
  const redeliveries = options.redeliveries ?? REDELIVERIES;
  const crashes = options.crashes ?? true;
  const scenario = SCENARIOS[service];
  const readModels = READ_MODELS[service];
  const report: string[] = [];

  describe(`${service}: every reaction and projection is idempotent (${backend})`, () => {
    let once: JourneyRun;

    beforeAll(async () => {
      once = await runJourney(scenario, backend, { kind: 'once' });
    });
    afterAll(() => {
      if (report.length > 0) console.log(`[idempotence ${service} ${backend}] ${report.join('; ')}`);
    });

    it('has a case for every subscription the module makes and every projection it lists', () => {
      expect(once.subscriptions.length).toBeGreaterThan(0);
      expect({ withoutCase: once.subscriptions.filter((c) => !once.handled.has(c)) }).toEqual({ withoutCase: [] });
      const projectionsWithoutRows = readModels.projections
        .filter((p) => ownedTables(readModels, p.name).every((table) => (once.state.tables[table] ?? []).length === 0))
        .map((p) => p.name);
      expect({ projectionsWithoutRows }).toEqual({ projectionsWithoutRows: [] });
      expect(once.maxWritePoints).toBeGreaterThan(0);
      report.push(`${once.subscriptions.length} subscription cases, ${readModels.projections.length} projections, ${once.state.events.length} events, up to ${once.maxWritePoints} write points per handling`);
    });

    it.each(redeliveries.map((d) => [describeDelivery(d), d] as const))('every event delivered %s leaves the state of one delivery', async (how, delivery) => {
      const run = await runJourney(scenario, backend, delivery);
      expectSameState(run.state, once.state, how);
      if (run.failedConcurrently > 0) report.push(`${run.failedConcurrently} concurrent handlings failed and were redelivered`);
    });
    (crashes ? it : it.skip)('a crash at any write point of a handling, then the redelivery, leaves the state of one delivery', async () => {
      let crashed = 0;
      for (let at = 1; at <= once.maxWritePoints; at++) {
        const run = await runJourney(scenario, backend, { kind: 'crash', at });
        expectSameState(run.state, once.state, `crash at write point ${at}`);
        crashed += run.crashed;
      }
      expect(crashed).toBeGreaterThan(0);
      report.push(`${crashed} handlings crashed over ${once.maxWritePoints} crash runs`);
    });
    (crashes ? it : it.skip)('projections: a crash before the checkpoint, and reruns from older checkpoints, equal a clean rebuild', async () => {
      const run = await runJourney(scenario, backend, { kind: 'once' }, { checkpointFailures: 3, keep: true });
      const database = run.database!;
      try {
        expect(run.checkpointsFailed).toBe(3);
        expectSameState(run.state, once.state, 'three projection batches rolled back with their checkpoints');
        const live = await readModelRows(database, readModels);
        const events = await eventCount(database);
        await rerunProjectionsFrom(service, database, readModels, Math.floor(events / 2), scenario.startsAt);
        const fromTheMiddle = await readModelRows(database, readModels);
        await rerunProjectionsFrom(service, database, readModels, null, scenario.startsAt);
        const fromTheStart = await readModelRows(database, readModels);
        await cleanRebuild(database, readModels);
        const rebuilt = await readModelRows(database, readModels);
        expectSameRows(live, rebuilt, 'live');
        expectSameRows(fromTheMiddle, rebuilt, `rerun from event ${Math.floor(events / 2)} of ${events}`);
        expectSameRows(fromTheStart, rebuilt, 'rerun from the start over the rows already there');
      } finally {
        await database.drop();
      }
    });
  });
};
