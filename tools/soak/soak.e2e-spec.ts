import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { testDatabaseUrl } from '@b2b/testing';
import { problems } from './report.js';
import { runSoak } from './soak.js';

/** The bounded crash soak CI runs (`npm run soak -- --journeys 2000` is the long one): at least 200
 *  journeys, 8 at a time, through the distributed run while every service is SIGKILLed and SIGTERMed and
 *  restarted, the broker goes down (twice with no process touched) and database connections are
 *  terminated; then every check of the soak. Only the soak's own named deadlines (a journey's step
 *  STEP_DEADLINE_MS, the settle SETTLE_DEADLINE_MS) decide; this timeout only stops a run that hangs. */
const SOAK_TIMEOUT_MS = 60 * 60_000;

it('keeps every order moving to its invoice through kills, outages and terminated connections: nothing stuck, lost or twice', async () => {
  const report = await runSoak({
    journeys: 200, concurrency: 8, companies: 3, serverUrl: testDatabaseUrl(), logDir: join(tmpdir(), 'b2b-soak'),
    say: (line) => process.stderr.write(`[soak] ${line}\n`),
  });
  expect(problems(report)).toEqual([]);
  expect(report.results.length).toBeGreaterThanOrEqual(200);
}, SOAK_TIMEOUT_MS);
