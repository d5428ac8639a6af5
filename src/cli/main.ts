#!/usr/bin/env node
/** The `scalper` program: starts the commands that load tick data again under the loaders' malloc tunables (malloc-relaunch.ts), and runs every other command here. */
import { followLauncher, relaunch, relaunchEnv } from './malloc-relaunch.js';

const argv = process.argv.slice(2);
const env = relaunchEnv(argv, process.env, process.platform);
if (env !== undefined) {
  // Decided before the command modules load (about a second): a launcher costs only node's own start.
  relaunch(env);
} else {
  followLauncher();
  const { runScalper } = await import('./scalper.js');
  process.exitCode = await runScalper(argv);
}
