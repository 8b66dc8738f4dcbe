import { jest } from '@jest/globals';

/** Integration and end-to-end tests wait on conditions, each with its own named, generous deadline
 *  (`eventually(probe, what)` in test/api-client.ts, `waitFor` in @b2b/messaging/testing); a per-test
 *  wall-clock limit would only make them fail on a busy machine. Jest's default of 5 s is replaced by a
 *  last resort far above any of those deadlines (jest 30 reads `testTimeout` only from the root config,
 *  not per project, hence this setup file of the int and e2e projects). */
export const SLOW_TEST_LIMIT_MS = 30 * 60_000;

jest.setTimeout(SLOW_TEST_LIMIT_MS);
