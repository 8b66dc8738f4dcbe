import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedProcess, type EmbeddedProcess } from './launch.js';
import { formatSummary } from './print.js';
import { seedDemo, type DemoSummary } from './seed.js';

/** `npm run demo [-- --reset] [-- --seed-only]`: starts the embedded run on EMBEDDED_DATA_DIR (default
 *  .demo-data), seeds the demo data set through the public API, prints logins and URLs to try, and keeps
 *  the server running until Ctrl-C. A directory seeded before is started again and its logins printed,
 *  never seeded twice; `--reset` deletes it first. */
const HELP = `usage: npm run demo [-- --reset] [-- --seed-only]
  --reset       delete the demo's data directory first and seed afresh
  --seed-only   seed, print the logins, stop the server (tests, CI)
environment: EMBEDDED_DATA_DIR (default .demo-data, or "memory"), PORT (3000),
  BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD, DEMO_PASSWORD (every demo user's, default demo-password)`;

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--reset', '--seed-only', '--help', '-h'].includes(a));
if (args.has('--help') || args.has('-h') || unknown.length > 0) {
  if (unknown.length > 0) console.error(`unknown option ${unknown.join(' ')}`);
  console.log(HELP);
  process.exit(unknown.length > 0 ? 2 : 0);
}
const reset = args.has('--reset');
const seedOnly = args.has('--seed-only');
const env = (name: string, fallback: string): string => process.env[name] || fallback;
const dataSetting = env('EMBEDDED_DATA_DIR', '.demo-data');
const dataDir = dataSetting === 'memory' ? null : resolve(dataSetting);
const port = Number(env('PORT', '3000'));
const adminEmail = env('BOOTSTRAP_ADMIN_EMAIL', 'admin@supplier.example');
const adminPassword = env('BOOTSTRAP_ADMIN_PASSWORD', 'change-me-now');
const password = env('DEMO_PASSWORD', 'demo-password');
const marker = dataDir ? join(dataDir, 'demo.json') : null;

type Marker = { status: 'seeding'; startedAt: string } | { status: 'seeded'; summary: DemoSummary };
type DirState = 'memory' | 'empty' | 'seeded' | 'unfinished' | 'foreign';

const readMarker = (): Marker | null => (marker && existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Marker) : null);
const dirState = (): DirState => {
  if (!dataDir) return 'memory';
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) return 'empty';
  const found = readMarker();
  return found === null ? 'foreign' : found.status === 'seeded' ? 'seeded' : 'unfinished';
};
const fail = (message: string): never => {
  console.error(`demo: ${message}`);
  process.exit(1);
};

let state = dirState();
if (state === 'foreign') {
  fail(`${dataDir} holds data the demo did not make: choose another EMBEDDED_DATA_DIR (or delete that directory yourself)`);
}
if (state === 'unfinished' && !reset) fail(`an earlier seed into ${dataDir} did not finish: run \`npm run demo -- --reset\` to start afresh`);
if (reset && dataDir && (state === 'seeded' || state === 'unfinished')) {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`demo: deleted ${dataDir}`);
  state = 'empty';
}
if (state === 'seeded' && seedOnly) {
  console.log(`demo: ${dataDir} is seeded already; nothing to do (--reset seeds afresh)`);
  process.exit(0);
}

const where = dataDir ?? 'in memory (EMBEDDED_DATA_DIR=memory: nothing is kept)';
if (dataDir) mkdirSync(dataDir, { recursive: true });
if (marker && state !== 'seeded') writeFileSync(marker, JSON.stringify({ status: 'seeding', startedAt: new Date().toISOString() } satisfies Marker));

console.log(`demo: starting the embedded run (data: ${where}, port ${port}) …`);
let server: EmbeddedProcess | null = null;
let stopping = false;
const stop = async (code: number): Promise<never> => {
  stopping = true;
  await server?.stop();
  process.exit(code);
};
process.once('SIGINT', () => void stop(130));
process.once('SIGTERM', () => void stop(143));

try {
  server = await startEmbeddedProcess({ dataDir: dataDir ?? 'memory', port, ...(dataDir ? { logFile: join(dataDir, 'server.log') } : {}) });
  void server.exited.then((code) => {
    if (!stopping) fail(`the server stopped unexpectedly (code ${code}):\n${server?.tail() ?? ''}`);
  });
  console.log(`demo: server up at ${server.url}/api${dataDir ? ` (its log: ${join(dataDir, 'server.log')})` : ''}`);
  let summary: DemoSummary;
  const previous = readMarker();
  if (state === 'seeded' && previous?.status === 'seeded') {
    summary = previous.summary;
    console.log(`demo: ${dataDir} was seeded on ${summary.seededAt}; not seeding again (--reset seeds afresh)`);
  } else {
    console.log('demo: seeding through the public API …');
    summary = await seedDemo({ baseUrl: server.url, adminEmail, adminPassword, password, log: (line) => console.log(line) });
    if (marker) writeFileSync(marker, JSON.stringify({ status: 'seeded', summary } satisfies Marker, null, 2));
  }
  console.log(formatSummary(summary, { url: server.url, dataDir: where, adminPassword, running: !seedOnly }));
  if (seedOnly) await stop(0);
} catch (error: unknown) {
  console.error(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (server) console.error(`demo: the server's last lines:\n${server.tail()}`);
  await stop(1);
}
