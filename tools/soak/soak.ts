import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES, dropDatabases, startDistributed, type DistributedRun } from '@b2b/distributed';
import { checkLive, settle, type Findings } from './checks.js';
import { checkReadModels, databaseNameOf } from './read-model-check.js';
import { ClientStats, SoakClient } from './client.js';
import { Faults, consumerGroupsOf } from './faults.js';
import { planJourney, runJourney, type JourneyResult } from './journey.js';
import { formatReport, type SoakReport } from './report.js';
import { setUpPlatform } from './setup.js';

export interface SoakOptions {
  /** At least this many journeys; more start while the first fault cycle is still running. */
  readonly journeys: number;
  /** Journeys running at once. */
  readonly concurrency: number;
  readonly companies: number;
  /** A PostgreSQL server; the run makes its own databases `<prefix>_<service>` there. */
  readonly serverUrl: string;
  /** Where the processes' log goes. */
  readonly logDir: string;
  /** Keep the run's databases afterwards (to look into what was found). */
  readonly keepDatabases?: boolean;
  /** Stop starting journeys once this many got stuck or failed: the platform is not recovering. */
  readonly maxStuck?: number;
  /** Progress lines (default: stderr). */
  readonly say?: (line: string) => void;
}

/** Longest the platform may take, after the last journey ended, to stop appending and handling: then the
 *  run is stopped and the read models are compared with the events. */
export const SETTLE_DEADLINE_MS = 120_000;

/** The crash soak: journeys through the gateway of the distributed run while faults are injected, then
 *  the checks. Resolves with what was injected and what was found (`ok` false when anything is wrong). */
export const runSoak = async (options: SoakOptions): Promise<SoakReport> => {
  const say = options.say ?? ((line: string) => process.stderr.write(`[soak] ${line}\n`));
  const started = Date.now();
  const run = randomUUID().replace(/-/g, '').slice(0, 8);
  const prefix = `soak_${run}`;
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `soak-${run}.log`);
  const logStream = createWriteStream(logFile);
  const crashes = new Map<string, number>();
  const log = (line: string): void => {
    logStream.write(`${new Date().toISOString()} ${line}\n`);
    if (/Crash|NonRetriable/i.test(line)) {
      const service = /^\[(\w+)\]/.exec(line)?.[1] ?? '?';
      crashes.set(service, (crashes.get(service) ?? 0) + 1);
    }
  };
  let faults: Faults | null = null;
  say(`run ${run}: starting the distributed run (databases ${prefix}_*, log ${logFile})`);
  let distributed: DistributedRun | null = null;
  try {
    distributed = await startDistributed({
      port: 0, databaseUrl: options.serverUrl, databasePrefix: prefix, log,
      onUnexpectedExit: (name, code, signal) => faults?.supervise(name, code, signal),
    });
    const d = distributed;
    const f = new Faults(d, options.serverUrl, (line) => {
      say(line);
      log(`[soak] ${line}`);
    });
    faults = f;
    const stats = new ClientStats();
    const anon = new SoakClient(d.url, stats);
    const platform = await setUpPlatform(anon, run, options.companies, { email: 'admin@supplier.example', password: 'change-me-now' });
    f.groups = await consumerGroupsOf(platform.admin);
    say(`set up: ${options.companies} customer companies, ${Object.keys(platform.skus).length} products; ${options.journeys} journeys, ${options.concurrency} at a time`);

    const results: JourneyResult[] = [];
    const begun: { no: number; at: number }[] = [];
    const maxStuck = options.maxStuck ?? Math.max(16, options.concurrency * 2);
    let faultsDone = false;
    let gaveUp = false;
    const failures = (): number => results.filter((r) => r.outcome !== 'invoiced').length;
    const progress = {
      since: (since: number) => {
        const after = results.filter((r) => r.startedAt >= since);
        return { invoiced: after.filter((r) => r.outcome === 'invoiced').length, stuck: after.filter((r) => r.outcome !== 'invoiced').length };
      },
      get stopping() {
        return begun.length >= options.journeys || gaveUp;
      },
      get aborted() {
        return gaveUp;
      },
    };
    const faultLoop = (async () => {
      // warm-up: the first journeys through before the first fault
      while (results.length < options.concurrency && !gaveUp) await new Promise((r) => setTimeout(r, 1_000));
      do await f.cycle(progress);
      while (!progress.stopping && !gaveUp);
      faultsDone = true;
    })();
    let lastReport = Date.now();
    const worker = async (): Promise<void> => {
      while ((begun.length < options.journeys || !faultsDone) && !gaveUp) {
        const no = begun.length;
        begun.push({ no, at: Date.now() });
        const result = await runJourney(planJourney(no, run, platform), platform.ops);
        results.push(result);
        if (result.outcome !== 'invoiced') say(`journey ${no} ${result.outcome} at "${result.step}" (order ${result.orderId ?? '-'}, ${result.status ?? '?'})${result.detail ? `: ${result.detail}` : ''}`);
        if (failures() >= maxStuck && !gaveUp) {
          gaveUp = true;
          say(`giving up: ${failures()} journeys stuck or failed (the platform is not recovering); finishing the journeys under way`);
        }
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          say(`${results.length} journeys ended (${results.filter((r) => r.outcome === 'invoiced').length} invoiced), ${begun.length - results.length} under way; ${stats.requests} requests, ${stats.totalRetries} retries`);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await faultLoop;
    const journeysMs = Date.now() - started;
    say(`journeys done: ${results.length}; checking`);

    for (const service of SERVICES) if (!d.running(service)) await f.bringUp(service);
    const settled = await settle((s) => d.databaseUrl(s), SERVICES, SETTLE_DEADLINE_MS);
    const deadGroups = await f.deadGroups();
    const live = await checkLive(run, platform, results, (s) => d.databaseUrl(s));
    await d.stop();
    distributed = null;
    const readModels = await checkReadModels(options.serverUrl, databaseNameOf(prefix));
    const findings: Findings = {
      ...live, readModelsCompared: readModels.compared, readModelDifferences: readModels.differences,
      list: [...(settled ? [] : [{ check: 'settle', what: `still appending or handling ${SETTLE_DEADLINE_MS} ms after the last journey` }]), ...live.list, ...readModels.list],
    };
    const report: SoakReport = {
      run, journeysWanted: options.journeys, results, faults: f.log, stats, findings, crashes, gaveUp, deadGroups, groups: f.groups.length,
      journeysMs, elapsedMs: Date.now() - started, logFile,
    };
    say(formatReport(report));
    return report;
  } finally {
    await distributed?.stop().catch(() => undefined);
    if (!options.keepDatabases) await dropDatabases(options.serverUrl, SERVICES.map((s) => `${prefix}_${s}`));
    logStream.end();
  }
};

