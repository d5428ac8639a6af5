/** Finds the daemon of a database directory for the stdio bridge, or starts one in the background; plain Node only (no native module), so an MCP Bundle can ship it. */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { readDaemonFile, type DaemonInfo } from '../src/adapters/daemon/daemon-file.js';
import { DAEMON_MALLOC_TUNABLES, withMallocTunables } from '../src/adapters/malloc-tunables.js';

/** The daemon the bridge talks to, and whether the bridge started it. */
export interface FoundDaemon {
  readonly info: DaemonInfo;
  readonly started: boolean;
  /** Where a started daemon writes its output. */
  readonly logPath: string;
}

/** Why the bridge has no daemon to talk to: said to the MCP client and on stderr. */
export class NoDaemonError extends Error {}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The daemon recorded in `dir/daemon.json` when its process still lives. */
export function runningDaemon(dir: string): DaemonInfo | null {
  const info = readDaemonFile(dir);
  return info !== null && alive(info.pid) ? info : null;
}

/**
 * The command that runs `scalper serve`: `serveCommand` when given (a .js file is run with this Node, any
 * other path is run as a program), else the CLI of the package this module belongs to (the TypeScript
 * source under tsx in a checkout's tests, the built file otherwise).
 */
export function serveArgv(serveCommand: string | undefined, dir: string): { file: string; args: string[] } {
  if (serveCommand !== undefined) {
    return /\.[cm]?js$/.test(serveCommand) ? { file: process.execPath, args: [serveCommand] } : { file: serveCommand, args: [] };
  }
  const fromSource = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(`../src/cli/main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  if (!existsSync(main)) {
    throw new NoDaemonError(`no daemon is running for ${dir}, and this bridge has no scalper CLI to start one: run \`scalper serve --db-dir ${dir}\`, or give the CLI (dist/src/cli/main.js of your checkout) with --serve-command or in the bundle's settings`);
  }
  return { file: process.execPath, args: fromSource ? ['--import', 'tsx', main] : [main] };
}

export interface EnsureOptions {
  readonly dir: string;
  /** Start a daemon when none runs (else fail). */
  readonly start: boolean;
  readonly serveCommand?: string;
  /** How long a started daemon may take to listen. */
  readonly timeoutMs?: number;
  readonly log: (line: string) => void;
}

/**
 * The running daemon of `dir`; when there is none and `start` allows, `scalper serve --db-dir dir` is
 * started detached (its own process group, output appended to dir/daemon.log), so it outlives the bridge
 * and the chat app, and this waits until its API listens. It listens on a free loopback port: the
 * address is read from daemon.json, never assumed.
 */
export async function ensureDaemon(o: EnsureOptions): Promise<FoundDaemon> {
  const logPath = join(o.dir, 'daemon.log');
  const found = runningDaemon(o.dir);
  if (found !== null) return { info: found, started: false, logPath };
  if (!o.start) throw new NoDaemonError(`no daemon is running for ${o.dir} (start one with \`scalper serve --db-dir ${o.dir}\`, or run the bridge without --no-start)`);
  const { file, args } = serveArgv(o.serveCommand, o.dir);
  mkdirSync(o.dir, { recursive: true });
  const out = openSync(logPath, 'a');
  const state: { exited: number | null } = { exited: null };
  let child;
  try {
    // A status line every 10 minutes, not every 2 s: nobody watches this log live, and it must not grow by megabytes a day.
    child = spawn(file, [...args, 'serve', '--db-dir', o.dir, '--http', '127.0.0.1:0', '--status-every', '600'], {
      detached: true,
      stdio: ['ignore', out, out],
      // Its research jobs load tick data: huge pages for malloc from the start (no launcher: the env is set here).
      env: withMallocTunables(process.env, process.platform, DAEMON_MALLOC_TUNABLES) ?? process.env,
    });
  } finally {
    closeSync(out);
  }
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  child.once('exit', (code, signal) => {
    state.exited = code ?? (signal === null ? -1 : 128);
  });
  child.unref();
  o.log(`no daemon was running for ${o.dir}: started \`scalper serve\` in the background (pid ${child.pid ?? '?'}, output in ${logPath}); it keeps trading after this chat closes`);
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    const info = runningDaemon(o.dir);
    if (info !== null) return { info, started: true, logPath };
    const failed = await Promise.race([spawnError, sleep(100).then(() => null)]);
    if (failed !== null) throw new NoDaemonError(`cannot start a daemon: ${failed.message}`);
    if (state.exited !== null) throw new NoDaemonError(`the daemon exited (code ${state.exited}) before it listened: ${lastLines(logPath)}`);
    if (Date.now() > deadline) throw new NoDaemonError(`the daemon started (pid ${child.pid ?? '?'}) has not listened after ${Math.round((o.timeoutMs ?? 60_000) / 1000)} s; see ${logPath}`);
  }
}

/** The end of a log, for a message. */
function lastLines(path: string): string {
  try {
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    return lines.slice(-3).join(' | ').slice(-600);
  } catch {
    return `see ${path}`;
  }
}

/** The trader token the daemon keeps in the directory (written at its start, mode 0600). */
export function readTraderToken(dir: string): string {
  const path = join(dir, 'trader.token');
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new NoDaemonError(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the daemon writes it when it starts`);
  }
  if (text === '') throw new NoDaemonError(`${path} is empty: restart the daemon to write a new token`);
  return text;
}
