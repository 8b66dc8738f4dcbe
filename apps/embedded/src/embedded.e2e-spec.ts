import type { LoggerService } from '@nestjs/common';
import { accountsScenario, agreementSliceScenario, approvalsScenario, catalogScenario, fulfilmentScenario, journeyScenario, orderingScenario, signInScenario } from '@b2b/e2e';
import { EMBEDDED, embeddedForSpec } from './testing/embedded-for-spec.js';

/** Records every log line of the run (printing nothing), so the sign-in scenario can look for secrets in them. */
const lines: string[] = [];
const record = (level: string) => (message: unknown, ...rest: unknown[]): void => void lines.push([level, message, ...rest].map((p) => (typeof p === 'string' ? p : JSON.stringify(p) ?? String(p))).join(' '));
const recorder: LoggerService = { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug'), verbose: record('verbose'), fatal: record('fatal') };

const JWT_SECRET = `e2e-secret-${'s3cr3t'.repeat(6)}`;
const { target } = embeddedForSpec({ logger: recorder, jwtSecret: JWT_SECRET });

agreementSliceScenario(EMBEDDED, target);
accountsScenario(EMBEDDED, target);
catalogScenario(EMBEDDED, target);
orderingScenario(EMBEDDED, target);
approvalsScenario(EMBEDDED, target);
fulfilmentScenario(EMBEDDED, target);
journeyScenario(EMBEDDED, target);
signInScenario(EMBEDDED, () => ({ ...target(), logs: () => lines, secrets: [JWT_SECRET] }));
