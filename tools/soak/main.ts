import { parseArgs } from 'node:util';
import { problems } from './report.js';
import { runSoak } from './soak.js';

const USAGE = `Usage: npm run soak -- [--journeys <n>] [--concurrency <n>] [--companies <n>] [--keep-databases] [--log-dir <dir>]

Runs journeys (order → approvals → delivery → dispatch → receipt → per-order invoice) through the gateway
of the distributed run (six service processes, the gateway, the local PostgreSQL or DATABASE_URL's server,
the Kafka test broker) while services are SIGKILLed and SIGTERMed and restarted, the broker is taken down
and up, and PostgreSQL connections of the run's own databases are terminated; then checks that every
order was invoiced, invoices (no line lost or twice, numbers without gaps), the event stores (no fact
twice), every read model against a rebuild from its events, and every trail. Prints what it injected and
what it found; exit code 1 when anything is wrong.

  --journeys <n>      at least this many journeys (default 200; more run while the first fault cycle lasts)
  --concurrency <n>   journeys at a time (default 8)
  --companies <n>     customer companies (default 3)
  --keep-databases    keep the run's databases soak_<run>_<service> afterwards
  --log-dir <dir>     where the processes' log goes (default .soak)`;

const { values } = parseArgs({
  options: {
    journeys: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' }, companies: { type: 'string', default: '3' },
    'keep-databases': { type: 'boolean', default: false }, 'log-dir': { type: 'string', default: '.soak' }, help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const whole = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive whole number\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const report = await runSoak({
  journeys: whole('journeys', values.journeys), concurrency: whole('concurrency', values.concurrency), companies: whole('companies', values.companies),
  serverUrl: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres', logDir: values['log-dir'], keepDatabases: values['keep-databases'],
});
process.exit(problems(report).length === 0 ? 0 : 1);
