import 'reflect-metadata';
import { runRebuildCli } from './rebuild-cli.js';

/** `npm run rebuild -- --service <name|all> [--data-dir <dir>]`: see USAGE in rebuild-cli.ts. */
process.exitCode = await runRebuildCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
