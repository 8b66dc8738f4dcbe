import { createHash } from 'node:crypto';
import { contractId, envelopeOf, type AnyContract, type Envelope, type PayloadOf } from '@b2b/contracts';
import { FixedClock, type Actor } from '@b2b/kernel';
import { checkpointWritesFailed, crashAt, failCheckpoints, installFaults, writePoints } from './faults.js';
import { bootService, openDatabase, subscriptionCases, type Backend, type BootedService, type ServiceName, type TestDatabase } from './harness.js';
import { captureState, type ServiceState } from './snapshot.js';

/** How each integration event of a journey reaches each subscription that consumes it.
 *  - once: exactly once (the baseline);
 *  - repeat: n times in a row (a redelivery after a lost commit of the offset);
 *  - concurrent: n times at once (two members of a group during a rebalance, kafkajs #1046/#1097); a
 *    handling that fails is delivered again, as the broker would;
 *  - crash: write point `at` of the first handling fails (see faults.ts), then it is delivered again. */
export type Delivery =
  | { readonly kind: 'once' }
  | { readonly kind: 'repeat'; readonly times: number }
  | { readonly kind: 'concurrent'; readonly times: number }
  | { readonly kind: 'crash'; readonly at: number };

export const describeDelivery = (d: Delivery): string =>
  d.kind === 'once' ? 'once' : d.kind === 'crash' ? `crash at write point ${d.at}, then redelivered` : `${d.times}× ${d.kind === 'repeat' ? 'in a row' : 'at once'}`;

/** Ids and times a journey is written with; the ids are constants, so a snapshot shows them as they are. */
const FIXTURE_IDS = new Set<string>();
export const fixtureId = (name: string): string => {
  const h = createHash('sha256').update(`idempotence:${name}`).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  FIXTURE_IDS.add(id);
  return id;
};

/** An integration event as another service would publish it (the payload is validated on delivery). */
export const envelope = <C extends AnyContract>(contract: C, payload: PayloadOf<C>, name: string, occurredAt: string): Envelope =>
  envelopeOf(contract, payload, { eventId: fixtureId(`event:${name}`), correlationId: fixtureId(`correlation:${name}`), causationId: null, actor: null, occurredAt });

export interface JourneyContext {
  readonly clock: FixedClock;
  /** Delivers the event to every subscription of the service that consumes it, as the run's Delivery says. */
  deliver(envelope: Envelope): Promise<void>;
  /** An event that arrives before what it depends on where the reaction refuses it for now (it throws, so
   *  the broker delivers it again): checks that every handling throws. Deliver it again later. */
  deliverEarly(envelope: Envelope): Promise<void>;
  /** A command of the service itself, over HTTP; fails unless it answers `status`. */
  command<T = any>(actor: Actor | null, method: string, path: string, body?: object, status?: number): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One service's journey: the events other services send it, in the order a real journey produces
 *  them, and the service's own commands in between (they feed its projections). */
export interface Scenario {
  readonly service: ServiceName;
  readonly startsAt: string;
  readonly journey: (context: JourneyContext) => Promise<void>;
}

export interface JourneyRun {
  readonly state: ServiceState;
  /** `group contract@version` of every handling that succeeded. */
  readonly handled: ReadonlySet<string>;
  /** The most write points one handling passed (once: how many crash points there are). */
  readonly maxWritePoints: number;
  /** Handlings that crashed as planned (crash runs). */
  readonly crashed: number;
  /** Concurrent handlings that failed (and were delivered again). */
  readonly failedConcurrently: number;
  /** `group contract@version` of every subscription the service made. */
  readonly subscriptions: readonly string[];
  /** Projection batches applied and rolled back with their checkpoint (checkpointFailures). */
  readonly checkpointsFailed: number;
  /** The database, still there (options.keep): the caller drops it. */
  readonly database: TestDatabase | null;
}

export interface RunOptions {
  /** The first n projection checkpoint writes fail: their batches are applied, rolled back and retried. */
  readonly checkpointFailures?: number;
  /** Leave the database for the caller (closed service, not dropped). */
  readonly keep?: boolean;
}

const SIMULATED = /simulated crash/;
const isSimulated = (error: unknown): boolean => SIMULATED.test(String(error)) || (error instanceof Error && SIMULATED.test(String(error.cause)));

const settled = <T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> =>
  promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** Runs a scenario on a fresh database with the given delivery and captures the state it leaves. */
export const runJourney = async (scenario: Scenario, backend: Backend, delivery: Delivery, options: RunOptions = {}): Promise<JourneyRun> => {
  const database = await openDatabase(backend, scenario.service);
  const clock = new FixedClock(new Date(scenario.startsAt));
  let service: BootedService | null = null;
  let kept = false;
  try {
    const booted = (service = await bootService(scenario.service, database, clock));
    await installFaults(booted.query);
    if (options.checkpointFailures) await failCheckpoints(booted.query, options.checkpointFailures);
    const wallClock = { from: Date.now() - 60_000, to: 0 };
    const handled = new Set<string>();
    let maxWritePoints = 0;
    let crashed = 0;
    let failedConcurrently = 0;

    const handleOnce = async (handle: () => Promise<void>): Promise<void> => {
      if (delivery.kind === 'once') {
        await crashAt(booted.query, 0);
        await handle();
        maxWritePoints = Math.max(maxWritePoints, await writePoints(booted.query));
      } else if (delivery.kind === 'repeat') {
        for (let i = 0; i < delivery.times; i++) await handle();
      } else if (delivery.kind === 'concurrent') {
        const results = await Promise.all(Array.from({ length: delivery.times }, () => settled(handle())));
        const failed = results.filter((r) => !r.ok).length;
        failedConcurrently += failed;
        if (failed > 0) await handle(); // the broker delivers it again
      } else {
        await crashAt(booted.query, delivery.at);
        const first = await settled(handle());
        await crashAt(booted.query, 0);
        if (!first.ok) {
          if (!isSimulated(first.error)) throw first.error;
          crashed++;
        }
        await handle(); // redelivered after the crash (or, when it passed fewer write points, once more)
      }
    };

    const context: JourneyContext = {
      clock,
      deliver: async (message) => {
        const receivers = booted.receiversOf(message);
        if (receivers.length === 0) throw new Error(`${scenario.service} consumes no ${contractId(message)}`);
        for (const { subscription, handle } of receivers) {
          await handleOnce(handle);
          handled.add(`${subscription.group} ${contractId(message)}`);
        }
        await booted.settle();
      },
      deliverEarly: async (message) => {
        const receivers = booted.receiversOf(message);
        if (receivers.length === 0) throw new Error(`${scenario.service} consumes no ${contractId(message)}`);
        const times = delivery.kind === 'repeat' || delivery.kind === 'concurrent' ? delivery.times : 1;
        for (const { subscription, handle } of receivers) {
          const results = await Promise.all(Array.from({ length: times }, () => settled(handle())));
          if (results.some((r) => r.ok)) throw new Error(`${subscription.group} accepted ${contractId(message)} ${message.eventId} before what it depends on`);
        }
        await booted.settle();
      },
      command: async (actor, method, path, body, status = method === 'POST' ? 201 : 200) => {
        const reply = await booted.call(actor, method, path, body);
        if (reply.status !== status) throw new Error(`${method} ${path} answered ${reply.status} ${JSON.stringify(reply.body)}, expected ${status}`);
        await booted.settle();
        return reply.body as never;
      },
    };
    await scenario.journey(context);
    await booted.settle();
    wallClock.to = Date.now() + 60_000;
    const state = await captureState(booted.query, FIXTURE_IDS, wallClock);
    const checkpointsFailed = await checkpointWritesFailed(booted.query);
    kept = options.keep === true;
    return { state, handled, maxWritePoints, crashed, failedConcurrently, subscriptions: subscriptionCases(booted.subscriptions), checkpointsFailed, database: kept ? database : null };
  } finally {
    await service?.close();
    if (!kept) await database.drop();
  }
};
