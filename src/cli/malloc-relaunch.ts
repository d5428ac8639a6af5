/** Runs the commands that load tick data under the loaders' glibc malloc tunables (adapters/malloc-tunables.ts) by starting the program again with them set; the launcher forwards signals and ends as its child did. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { LOADER_MALLOC_TUNABLES, withMallocTunables } from '../adapters/malloc-tunables.js';

/** The commands whose work starts with loading tick data, run under the tunables (and `experiments run`). `serve` is not among them: see docs/benchmarks.md. */
export const LOADING_COMMANDS: ReadonlySet<string> = new Set(['backtest', 'sweep', 'walk-forward', 'compare', 'import', 'worker']);

/** True for a command line (without the program) whose work starts with loading tick data. */
export function loadsTickData(argv: readonly string[]): boolean {
  const [command, sub] = argv;
  return command !== undefined && (LOADING_COMMANDS.has(command) || (command === 'experiments' && sub === 'run'));
}

/** Set in the child's environment (to the launcher's pid) so it knows a launcher holds its IPC channel. */
const LAUNCHER_ENV = 'SCALPER_MALLOC_LAUNCHER';

/** The signals the launcher passes on: the child runs in a session of its own, so a terminal's Ctrl-C or hang-up reaches only the launcher. */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** The environment to start the command line `argv` again with (LOADER_MALLOC_TUNABLES added), or undefined to run it here: only when it loads tick data, and not in a child already started. */
export function relaunchEnv(argv: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): NodeJS.ProcessEnv | undefined {
  if (!loadsTickData(argv) || env[LAUNCHER_ENV] !== undefined) return undefined;
  const tuned = withMallocTunables(env, platform, LOADER_MALLOC_TUNABLES);
  return tuned === undefined ? undefined : { ...tuned, [LAUNCHER_ENV]: String(process.pid) };
}

/**
 * Starts this program again (same node, flags and arguments) with `env`, and becomes its launcher:
 * stdin, stdout and stderr are the child's; the signals in FORWARDED are passed on once each; when the
 * child ends, this process ends the same way (its exit code, or the signal that ended it).
 */
export function relaunch(env: NodeJS.ProcessEnv): void {
  const [, script, ...args] = process.argv;
  // detached: a session of its own, so a signal sent to the terminal's process group reaches the child once, through here.
  const child = spawn(process.execPath, [...process.execArgv, script!, ...args], { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], detached: true });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  // Job control: the child's session is not the terminal's, so Ctrl-Z and fg reach it through here.
  const suspend = (): void => {
    child.kill('SIGSTOP');
    process.kill(process.pid, 'SIGSTOP');
  };
  const resume = (): void => {
    child.kill('SIGCONT');
  };
  process.on('SIGTSTP', suspend);
  process.on('SIGCONT', resume);
  child.once('error', (e) => {
    process.stderr.write(`scalper: could not start ${process.execPath}: ${e.message}\n`);
    process.exitCode = 70;
  });
  child.once('exit', (code, signal) => {
    for (const s of FORWARDED) process.off(s, forward);
    process.off('SIGTSTP', suspend);
    process.off('SIGCONT', resume);
    if (signal !== null) {
      // The shell's convention, for when the signal is ignored here (as pid 1 in a container ignores it).
      process.exitCode = 128 + (constants.signals[signal] ?? 0);
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code ?? 1;
  });
}

/**
 * In a child started by `relaunch`: if the launcher dies without ending it (SIGKILL, a crash), the
 * child is killed too, as the launcher was; a `kill -9` of scalper must leave nothing running.
 */
export function followLauncher(): void {
  if (process.env[LAUNCHER_ENV] === undefined || process.channel === undefined) return;
  delete process.env[LAUNCHER_ENV];
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
