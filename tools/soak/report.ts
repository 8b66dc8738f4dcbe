import { SERVICES } from '@b2b/distributed';
import type { Findings } from './checks.js';
import type { ClientStats } from './client.js';
import type { FaultLog } from './faults.js';
import type { JourneyResult } from './journey.js';

export interface SoakReport {
  readonly run: string;
  readonly journeysWanted: number;
  readonly results: readonly JourneyResult[];
  readonly faults: FaultLog;
  readonly stats: ClientStats;
  readonly findings: Findings;
  /** Log lines naming a crash (kafkajs "Crash", NonRetriable errors), per process. */
  readonly crashes: ReadonlyMap<string, number>;
  readonly gaveUp: boolean;
  /** Consumer groups without a member at the end (a consumer died and nothing restarted it). */
  readonly deadGroups: readonly string[];
  /** How many consumer groups the platform runs (all checked for members). */
  readonly groups: number;
  readonly journeysMs: number;
  readonly elapsedMs: number;
  readonly logFile: string;
}

/** What must hold for a soak to pass, each with why it does not when it does not. */
export const problems = (r: SoakReport): string[] => {
  const f = r.findings;
  const out: string[] = [];
  const completed = r.results.filter((j) => j.outcome === 'invoiced').length;
  if (r.results.length < r.journeysWanted) out.push(`only ${r.results.length} of ${r.journeysWanted} journeys ran${r.gaveUp ? ' (gave up: too many stuck)' : ''}`);
  if (completed < r.results.length) out.push(`${r.results.length - completed} journeys did not reach invoiced`);
  if (f.stuck.length > 0) out.push(`${f.stuck.length} orders not invoiced at the end`);
  if (f.duplicatedOrders > 0) out.push(`${f.duplicatedOrders} orders created twice`);
  if (f.lostLines > 0) out.push(`${f.lostLines} invoice lines lost`);
  if (f.duplicatedLines > 0) out.push(`${f.duplicatedLines} lines or writes twice`);
  if (f.invoiceGaps > 0) out.push(`${f.invoiceGaps} gaps or repeats in invoice numbers`);
  if (f.trailFailures > 0) out.push(`${f.trailFailures} trails do not verify`);
  if (f.duplicateEvents > 0) out.push(`${f.duplicateEvents} facts twice, or not passed on, in the event stores`);
  if (f.readModelDifferences > 0) out.push(`${f.readModelDifferences} read-model tables differ from their rebuild`);
  if (r.deadGroups.length > 0) out.push(`consumer groups without members at the end: ${r.deadGroups.join(', ')}`);
  for (const o of r.faults.outages) {
    if (o.resumed && o.resumed.deadGroups.length > 0) out.push(`after the ${seconds(o.ms)} outage with no kills, groups without members: ${o.resumed.deadGroups.join(', ')}`);
  }
  if (r.stats.serverErrors.size > 0) out.push(`${[...r.stats.serverErrors.values()].reduce((a, b) => a + b, 0)} answers were 500`);
  const notOnce = (m: ReadonlyMap<string, number>) => SERVICES.filter((s) => !(m.get(s) ?? 0));
  if (!r.gaveUp) {
    if (notOnce(r.faults.kills).length > 0) out.push(`not SIGKILLed: ${notOnce(r.faults.kills).join(', ')}`);
    if (notOnce(r.faults.sigterms).length > 0) out.push(`not SIGTERMed: ${notOnce(r.faults.sigterms).join(', ')}`);
    if (!r.faults.outages.some((o) => o.kills.length === 0)) out.push('no broker outage without kills');
    if (!r.faults.terminations.some((t) => t.backends > 0)) out.push('no database connection terminated');
  }
  if (r.faults.slowStops.length > 0) out.push(`SIGTERM did not stop ${r.faults.slowStops.join(', ')} within the grace period`);
  return out;
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;
const perService = (m: ReadonlyMap<string, number>): string => SERVICES.map((s) => `${s} ${m.get(s) ?? 0}`).join(', ');
const row = (label: string, value: string | number): string => `  ${label.padEnd(26)}${value}`;

/** The short table the soak prints: what it injected, what it found. */
export const formatReport = (r: SoakReport): string => {
  const f = r.findings;
  const completed = r.results.filter((j) => j.outcome === 'invoiced').length;
  const failed = r.results.filter((j) => j.outcome === 'failed').length;
  const restarts = [...r.faults.restartMs].sort((a, b) => a - b);
  const wrong = problems(r);
  const lines = [
    '',
    `Crash soak ${r.run}: ${wrong.length === 0 ? 'OK' : 'FAILED'}`,
    'Injected',
    row('SIGKILL', `${[...r.faults.kills.values()].reduce((a, b) => a + b, 0)} (${perService(r.faults.kills)})`),
    row('SIGTERM', `${[...r.faults.sigterms.values()].reduce((a, b) => a + b, 0)} (${perService(r.faults.sigterms)})`),
    row('broker outages', r.faults.outages.map((o) => `${seconds(o.ms)}${o.kills.length ? ` with ${o.kills.join(', ')} killed` : ' no kills'}${o.resumed ? ` (then ${o.resumed.invoiced} journeys invoiced, ${o.resumed.stuck} stuck in ${seconds(o.resumed.waitedMs)}${o.resumed.deadGroups.length ? `; dead groups: ${o.resumed.deadGroups.join(', ')}` : ''})` : ''}`).join('; ') || 'none'),
    row('PG terminations', `${r.faults.terminations.length} rounds, ${r.faults.terminations.reduce((a, t) => a + t.backends, 0)} backends of the run's databases`),
    row('restarts', `${restarts.length}, median ${seconds(restarts[Math.floor(restarts.length / 2)] ?? 0)}, longest ${seconds(restarts.at(-1) ?? 0)}; failed starts ${r.faults.failedStarts.length}`),
    row('unexpected exits', r.faults.unexpectedExits.join(', ') || 'none'),
    row('fault cycles', r.faults.cycles),
    'Found',
    row('journeys', `${r.results.length} (wanted ≥ ${r.journeysWanted})${r.gaveUp ? ', gave up' : ''}`),
    row('completed (invoiced)', completed),
    row('stuck', `${r.results.filter((j) => j.outcome === 'stuck').length} journeys; ${f.stuck.length} orders not invoiced at the end`),
    row('failed', failed),
    row('lost', `${f.lostLines} invoice lines`),
    row('duplicated', `${f.duplicatedOrders} orders, ${f.duplicatedLines} lines/writes`),
    row('invoices', `${f.invoices}, ${f.invoiceGaps} number gaps/repeats`),
    row('trails', `${f.trailsVerified} verified, ${f.trailFailures} failed`),
    row('event stores', `${f.duplicateEvents} facts twice or not passed on`),
    row('read models', `${f.readModelsCompared} tables compared with a rebuild, ${f.readModelDifferences} differ`),
    row('client', `${r.stats.requests} requests, ${r.stats.totalRetries} retried (${[...r.stats.retries].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`),
    row('500 answers', [...r.stats.serverErrors].map(([k, v]) => `${v}× ${k}`).join('; ') || 'none'),
    row('consumer groups', r.deadGroups.length ? `without members at the end: ${r.deadGroups.join(', ')}` : `all ${r.groups} with members at the end`),
    row('consumer crash lines',  [...r.crashes].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'),
    row('elapsed', `${seconds(r.elapsedMs)} (journeys and faults ${seconds(r.journeysMs)})`),
    row('log', r.logFile),
  ];
  if (f.stuck.length > 0) lines.push('Stuck orders', ...f.stuck.slice(0, 30).map((s) => `  ${s.orderId} ${s.po}: ${s.status} (${s.step})`), ...(f.stuck.length > 30 ? [`  … and ${f.stuck.length - 30} more`] : []));
  if (f.list.length > 0) lines.push('Findings', ...f.list.slice(0, 40).map((x) => `  [${x.check}] ${x.what}`), ...(f.list.length > 40 ? [`  … and ${f.list.length - 40} more`] : []));
  if (wrong.length > 0) lines.push('Wrong', ...wrong.map((w) => `  ${w}`));
  return lines.join('\n');
};
