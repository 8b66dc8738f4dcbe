import type { SoakClient } from './client.js';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { SERVICES, type DistributedRun, type ServiceName } from '@b2b/distributed';
import { STEP_DEADLINE_MS } from './journey.js';

/** How long the broker stays down: longer than the consumers' session timeout (the launcher sets
 *  KAFKA_SESSION_TIMEOUT_MS=6000), so every consumer group loses its members. The outages with no kills
 *  take each of these in turn. */
export const OUTAGE_MS = 12_000;
export const QUIET_OUTAGES_MS = [10_000, 20_000] as const;

/** Every consumer group of the six services (`<service>.<subscription>`, ServiceRuntime.subscribe). */
/** The consumer groups the platform runs, as every service declares them (GET /api/health/consumers
 *  through the gateway, as the supplier admin): read once the run is up, so a new subscription is
 *  watched without a list kept by hand. Their members are then checked in Kafka itself. */
export const consumerGroupsOf = async (admin: SoakClient): Promise<string[]> => {
  const report = await admin.expect<{ consumers: { group: string }[]; unreachable?: string[] }>(200, 'GET', '/health/consumers');
  if (report.unreachable?.length) throw new Error(`the consumer groups of ${report.unreachable.join(', ')} cannot be read`);
  return [...new Set(report.consumers.map((c) => c.group))].sort();
};
/** How long a SIGKILLed service stays down before it is restarted. */
export const KILLED_FOR_MS = 3_000;
/** How long a SIGTERMed service may take to stop before it is SIGKILLed (and that is reported). */
export const GRACEFUL_STOP_MS = 30_000;
/** How long a supervisor keeps trying to start a service (it cannot start while the broker is down). */
export const START_DEADLINE_MS = 300_000;
/** After the outage with no kills, how many journeys begun after the broker came back must be invoiced
 *  before the next fault, so a consumer that died in the outage shows as stuck orders and no restart
 *  revives it; waited for at most QUIET_DEADLINE_MS (longer than a journey waits for a step). */
export const QUIET_JOURNEYS = 8;
export const QUIET_DEADLINE_MS = STEP_DEADLINE_MS + 60_000;

export interface Outage {
  readonly at: number;
  readonly ms: number;
  /** Processes killed while the broker was down. */
  readonly kills: readonly string[];
  /** After an outage with no kills: journeys begun after it that were invoiced before the next fault,
   *  and the consumer groups that had no member when the wait ended. */
  readonly resumed?: { readonly invoiced: number; readonly stuck: number; readonly waitedMs: number; readonly deadGroups: readonly string[] };
}

/** Everything the soak did to the platform. */
export class FaultLog {
  readonly kills = new Map<string, number>();
  readonly sigterms = new Map<string, number>();
  readonly outages: Outage[] = [];
  readonly terminations: { at: number; backends: number }[] = [];
  readonly restartMs: number[] = [];
  /** Starts that failed and were tried again (e.g. while the broker was down). */
  readonly failedStarts: string[] = [];
  /** SIGTERMed services that had not stopped after GRACEFUL_STOP_MS. */
  readonly slowStops: string[] = [];
  /** Exits nobody asked for (restarted by the soak, as a supervisor would). */
  readonly unexpectedExits: string[] = [];
  cycles = 0;

  count(map: Map<string, number>, service: string): void {
    map.set(service, (map.get(service) ?? 0) + 1);
  }
}

/** What the fault plan needs to know about the journeys. */
export interface JourneyProgress {
  /** Journeys begun at or after `since`: how many were invoiced, how many got stuck or failed. */
  since(since: number): { invoiced: number; stuck: number };
  /** True once every journey wanted has begun: the faults end after the current cycle. */
  readonly stopping: boolean;
  /** True once the soak gave up (too many stuck journeys): the faults end now. */
  readonly aborted: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const shuffled = <T>(items: readonly T[]): T[] => items.map((v) => [Math.random(), v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);

/** Injects faults into a distributed run and restarts what it stopped. One cycle: the broker down with
 *  no process touched (then quiet until journeys begun after it are invoiced); every service SIGKILLed
 *  and restarted; PostgreSQL connections of the run's own databases terminated; the broker down while a
 *  service is killed; every service SIGTERMed and restarted; connections terminated again. Cycles repeat
 *  until the soak stops them; a cycle ends early only when the soak gives up. */
export class Faults {
  readonly log = new FaultLog();
  /** Services the plan is bringing up itself: the supervisor leaves their exits alone. */
  private readonly handling = new Set<ServiceName>();

  /** The platform's consumer groups (consumerGroupsOf), set once the run is up. */
  groups: readonly string[] = [];

  constructor(
    private readonly run: DistributedRun,
    private readonly serverUrl: string,
    private readonly say: (line: string) => void,
  ) {}

  /** The run's `onUnexpectedExit`: a crashed service is started again, as a supervisor would. */
  supervise = (name: string, code: number | null, signal: NodeJS.Signals | null): void => {
    if (!(SERVICES as readonly string[]).includes(name) || this.handling.has(name as ServiceName)) return;
    this.log.unexpectedExits.push(`${name} (${code ?? signal})`);
    this.say(`${name} exited unexpectedly (${code ?? signal}); restarting it`);
    void this.bringUp(name as ServiceName).catch((error: unknown) => this.say(`could not restart ${name}: ${String(error)}`));
  };

  async cycle(progress: JourneyProgress): Promise<void> {
    const pairs = (services: readonly ServiceName[]): ServiceName[][] => [0, 2, 4].map((i) => services.slice(i, i + 2));
    const steps: [string, () => Promise<void>][] = [
      [`broker outage ${QUIET_OUTAGES_MS[0] / 1000} s, no kills`, () => this.quietOutage(progress, QUIET_OUTAGES_MS[0])],
      ...pairs(shuffled(SERVICES)).map((p): [string, () => Promise<void>] => [`SIGKILL ${p.join(' and ')}`, () => this.killAndRestart(p)]),
      ['terminate connections', () => this.terminateRounds(3)],
      [`broker outage ${QUIET_OUTAGES_MS[1] / 1000} s, no kills`, () => this.quietOutage(progress, QUIET_OUTAGES_MS[1])],
      ['broker outage with a kill', () => this.outageWithKill(shuffled(SERVICES)[0]!)],
      ...pairs(shuffled(SERVICES)).map((p): [string, () => Promise<void>] => [`SIGTERM ${p.join(' and ')}`, () => this.stopAndRestart(p)]),
      ['terminate connections', () => this.terminateRounds(2)],
    ];
    for (const [name, step] of steps) {
      if (progress.aborted || (progress.stopping && this.log.cycles > 0)) return;
      this.say(`fault: ${name}`);
      await step();
      await sleep(2_000);
    }
    this.log.cycles++;
  }

  /** Consumer groups with no member now (a consumer that died and was not restarted). */
  async deadGroups(): Promise<string[]> {
    const admin = new kafkajs.Kafka({ brokers: this.run.kafkaBrokers.split(','), clientId: 'soak-probe', logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([...this.groups]);
      return this.groups.filter((id) => (groups.find((g) => g.groupId === id)?.members.length ?? 0) === 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Starts a stopped service, again and again until it answers its health check. */
  async bringUp(service: ServiceName): Promise<void> {
    this.handling.add(service);
    try {
      const deadline = Date.now() + START_DEADLINE_MS;
      for (;;) {
        const started = Date.now();
        try {
          await this.run.restart(service);
          this.log.restartMs.push(Date.now() - started);
          return;
        } catch (error: unknown) {
          this.log.failedStarts.push(`${service}: ${error instanceof Error ? error.message : String(error)}`);
          if (Date.now() > deadline) throw new Error(`${service} did not start within ${START_DEADLINE_MS} ms`);
          if (this.run.running(service)) await this.run.kill(service);
          await sleep(2_000);
        }
      }
    } finally {
      this.handling.delete(service);
    }
  }

  private async killAndRestart(services: readonly ServiceName[]): Promise<void> {
    for (const s of services) this.handling.add(s);
    try {
      await Promise.all(services.map((s) => this.run.kill(s, 'SIGKILL')));
      for (const s of services) this.log.count(this.log.kills, s);
      await sleep(KILLED_FOR_MS);
      await Promise.all(services.map((s) => this.bringUp(s)));
    } finally {
      for (const s of services) this.handling.delete(s);
    }
  }

  private async stopAndRestart(services: readonly ServiceName[]): Promise<void> {
    for (const s of services) this.handling.add(s);
    try {
      await Promise.all(services.map(async (service) => {
        const stopped = this.run.kill(service, 'SIGTERM');
        this.log.count(this.log.sigterms, service);
        const inTime = await Promise.race([stopped.then(() => true), sleep(GRACEFUL_STOP_MS).then(() => false)]);
        if (!inTime) {
          this.log.slowStops.push(service);
          await this.run.kill(service, 'SIGKILL');
        }
        await this.bringUp(service);
      }));
    } finally {
      for (const s of services) this.handling.delete(s);
    }
  }

  private broker() {
    if (!this.run.broker) throw new Error('the soak needs the Kafka test broker the launcher starts (no KAFKA_BROKERS)');
    return this.run.broker;
  }

  private async quietOutage(progress: JourneyProgress, outageMs: number): Promise<void> {
    const at = Date.now();
    await this.broker().setBrokerDown(0);
    await sleep(outageMs);
    await this.broker().setBrokerUp(0);
    const up = Date.now();
    let seen = { invoiced: 0, stuck: 0 };
    let dead: string[] = [...this.groups];
    // Once the journeys are all begun no new ones prove anything; every group must still rejoin.
    while (Date.now() - up < QUIET_DEADLINE_MS && !progress.aborted) {
      seen = progress.since(up);
      dead = await this.deadGroups().catch(() => dead);
      if ((seen.invoiced >= QUIET_JOURNEYS || progress.stopping) && dead.length === 0) break;
      await sleep(1_000);
    }
    this.log.outages.push({ at, ms: up - at, kills: [], resumed: { ...seen, waitedMs: Date.now() - up, deadGroups: dead } });
    if (seen.invoiced < QUIET_JOURNEYS || dead.length > 0) {
      this.say(`after the outage with no kills: ${seen.invoiced} journeys begun since invoiced, ${seen.stuck} stuck within ${Date.now() - up} ms; groups without members: ${dead.join(', ') || 'none'}`);
    }
  }

  private async outageWithKill(service: ServiceName): Promise<void> {
    this.handling.add(service);
    try {
      const at = Date.now();
      await this.broker().setBrokerDown(0);
      await sleep(2_000);
      await this.run.kill(service, 'SIGKILL');
      this.log.count(this.log.kills, service);
      await sleep(OUTAGE_MS - 2_000);
      await this.broker().setBrokerUp(0);
      this.log.outages.push({ at, ms: Date.now() - at, kills: [service] });
      await this.bringUp(service);
    } finally {
      this.handling.delete(service);
    }
  }

  private async terminateRounds(rounds: number): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      if (i > 0) await sleep(5_000);
      this.log.terminations.push({ at: Date.now(), backends: await terminateBackends(this.serverUrl, this.run.databases) });
    }
  }
}

/** Terminates every backend connected to one of `databases` (the run's own, never anybody else's). */
export const terminateBackends = async (serverUrl: string, databases: readonly string[]): Promise<number> => {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'soak-faults' });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: boolean }>(
      'select pg_terminate_backend(pid) as terminated from pg_stat_activity where datname = any($1::text[]) and pid <> pg_backend_pid()', [databases],
    );
    return rows.filter((r) => r.terminated).length;
  } finally {
    await client.end();
  }
};
