import 'reflect-metadata';
import { runVerifyCli } from './verify-cli.js';

/** `npm run verify -- --service <name|all> [--data-dir <dir>] [--order <id>]`: see VERIFY_USAGE in verify-cli.ts. */
process.exitCode = await runVerifyCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
