#!/usr/bin/env node
/** The `scalper` program: starts the commands that load tick data again under the loaders' malloc tunables (malloc-relaunch.ts), and runs every other command here. */
import { mallocChoiceError } from '../adapters/malloc-tunables.js';
import { followLauncher, relaunch, relaunchEnv } from './malloc-relaunch.js';

const argv = process.argv.slice(2);
const refused = mallocChoiceError(process.env);
const env = refused === undefined ? relaunchEnv(argv, process.env, process.platform) : undefined;
if (refused !== undefined) {
  const { reportError, usageError } = await import('./errors.js');
  process.exitCode = reportError(usageError('SCALPER_MALLOC', refused), { stdout: process.stdout, stderr: process.stderr, json: argv.includes('--json'), debug: false });
} else if (env !== undefined) {
  // Decided before the command modules load (about a second): a launcher costs only node's own start.
  relaunch(env);
} else {
  followLauncher();
  const { runScalper } = await import('./scalper.js');
  process.exitCode = await runScalper(argv);
}
