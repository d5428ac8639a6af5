import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DAEMON_MALLOC_TUNABLES, LOADER_MALLOC_TUNABLES, mallocChoiceError, thpMode, withMallocTunables } from '../../src/adapters/malloc-tunables.js';
import { LOADING_COMMANDS, relaunchEnv } from '../../src/cli/malloc-relaunch.js';
import { redisMissing, startRedis } from '../queue/redis-server.js';

const root = resolve(import.meta.dirname, '../..');
const TUNED = LOADER_MALLOC_TUNABLES.join(':');

/** This process's environment without what would keep `scalper` from starting again under the tunables. */
function launchEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SCALPER_MALLOC;
  delete env.GLIBC_TUNABLES;
  return env;
}

describe('which commands start again under the loaders malloc tunables', () => {
  it('SCALPER_MALLOC is default or tuned; anything else is refused by name, by every command', () => {
    expect(mallocChoiceError({})).toBeUndefined();
    expect(mallocChoiceError({ SCALPER_MALLOC: 'default' })).toBeUndefined();
    expect(mallocChoiceError({ SCALPER_MALLOC: 'tuned' })).toBeUndefined();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'status', '--json'], { cwd: root, env: { ...launchEnv(), SCALPER_MALLOC: 'fast' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`scalper: SCALPER_MALLOC: ${mallocChoiceError({ SCALPER_MALLOC: 'fast' })}\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'INVALID_INPUT', issues: [{ field: 'SCALPER_MALLOC' }] } });
    expect(mallocChoiceError({ SCALPER_MALLOC: 'fast\u0007' })).toBe('must be "default" (glibc\'s malloc defaults) or "tuned" (the loaders\' tunables, the default), got "fast\\u0007"');
  });

  it('a loading command on Linux gets the tunables, after any the user set for other things', () => {
    for (const command of LOADING_COMMANDS) {
      expect(relaunchEnv([command, '--json'], { PATH: '/bin' }, 'linux')?.GLIBC_TUNABLES).toBe(TUNED);
    }
    expect(relaunchEnv(['experiments', 'run'], {}, 'linux')?.GLIBC_TUNABLES).toBe(TUNED);
    const env = relaunchEnv(['sweep'], { PATH: '/bin', GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }, 'linux');
    expect(env?.GLIBC_TUNABLES).toBe(`glibc.pthread.rseq=0:${TUNED}`);
    expect(env?.PATH).toBe('/bin');
  });

  it('runs here: other commands, other systems, the user own malloc tunables, SCALPER_MALLOC=default, and a child already started', () => {
    for (const argv of [['serve'], ['mcp'], ['status'], ['doctor'], ['experiments', 'list'], ['--help'], []]) expect(relaunchEnv(argv, {}, 'linux')).toBeUndefined();
    for (const platform of ['darwin', 'win32', 'freebsd'] as const) expect(relaunchEnv(['backtest'], {}, platform)).toBeUndefined();
    expect(relaunchEnv(['backtest'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux')).toBeUndefined();
    expect(relaunchEnv(['backtest'], { SCALPER_MALLOC: 'default' }, 'linux')).toBeUndefined();
    // A process started with its environment set (the daemon the MCP bridge starts): its tunables, no launcher mark, the same choices kept.
    expect(withMallocTunables({ PATH: '/bin' }, 'linux', DAEMON_MALLOC_TUNABLES)).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(withMallocTunables({ SCALPER_MALLOC: 'default' }, 'linux', DAEMON_MALLOC_TUNABLES)).toBeUndefined();
    expect(withMallocTunables({ GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0' }, 'linux', DAEMON_MALLOC_TUNABLES)).toBeUndefined();
    expect(withMallocTunables({}, 'win32', DAEMON_MALLOC_TUNABLES)).toBeUndefined();
    const child = relaunchEnv(['backtest'], {}, 'linux')!;
    expect(relaunchEnv(['backtest'], { ...child, GLIBC_TUNABLES: '' }, 'linux')).toBeUndefined();
  });
});

/** The pids of `pid`'s children (empty once it has none). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** True while `pid` runs (a zombie waiting for its parent to reap it has ended). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

interface Started {
  readonly launcher: ChildProcess;
  readonly child: number;
  readonly stderr: () => string;
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `scalper sweep` from source, long enough to signal, in a process group of its own; resolves once the sweep reports progress. */
async function startSweep(): Promise<Started> {
  const env = launchEnv();
  const args = ['sweep', '--data', 'sim:NIFTY:3:2026-01-05:2', '--grid', 'tpPoints=4:60:1', '--workers', '1', '--progress'];
  const launcher = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  launcher.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => launcher.once('exit', (code, signal) => ok({ code, signal })));
  await until('the sweep to report progress', () => /sweep \d+%/.test(stderr) || launcher.exitCode !== null);
  const [child] = childrenOf(launcher.pid!);
  if (child === undefined) throw new Error(`no child process: ${stderr}`);
  return { launcher, child, stderr: () => stderr, ended };
}

const thp = thpMode();

describe.skipIf(process.platform !== 'linux')('a loading command under its launcher', () => {
  it('runs in a child with the tunables and huge pages; Ctrl-C at the terminal reaches it once, and the launcher exits as it did', async () => {
    const s = await startSweep();
    // ld.so rewrites GLIBC_TUNABLES in place as it parses it (its ':' become NULs in /proc/PID/environ).
    const environ = readFileSync(`/proc/${s.child}/environ`, 'utf8');
    expect(environ).toContain('GLIBC_TUNABLES=');
    for (const t of LOADER_MALLOC_TUNABLES) expect(environ).toContain(t);
    expect(readFileSync(`/proc/${s.launcher.pid}/environ`, 'utf8')).not.toContain('glibc.malloc.');
    if (thp === 'always' || thp === 'madvise') {
      const huge = (pid: number): number => Number(/AnonHugePages:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      expect(huge(s.child)).toBeGreaterThan(0);
    } else {
      console.warn(`transparent huge pages are "${thp ?? 'absent'}" here: the huge-page check is skipped`);
    }
    // What a terminal does on Ctrl-C: SIGINT to the foreground process group. A second SIGINT would end the sweep without its message.
    process.kill(-s.launcher.pid!, 'SIGINT');
    expect(await s.ended).toEqual({ code: 130, signal: null });
    expect(s.stderr()).toContain('sweep cancelled by Ctrl-C; no results');
    expect(running(s.child)).toBe(false);
  }, 120_000);

  it('Ctrl-Z stops the launcher and the child, fg runs both again', async () => {
    const s = await startSweep();
    const state = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0]!;
    process.kill(-s.launcher.pid!, 'SIGTSTP');
    await until('both to stop', () => state(s.launcher.pid!) === 'T' && state(s.child) === 'T');
    process.kill(-s.launcher.pid!, 'SIGCONT');
    await until('both to run again', () => state(s.launcher.pid!) !== 'T' && state(s.child) !== 'T');
    process.kill(-s.launcher.pid!, 'SIGINT');
    expect(await s.ended).toEqual({ code: 130, signal: null });
  }, 120_000);

  it('a SIGTERM sent to the launcher ends the child by SIGTERM, and the launcher by the same signal', async () => {
    const s = await startSweep();
    s.launcher.kill('SIGTERM');
    expect(await s.ended).toEqual({ code: null, signal: 'SIGTERM' });
    expect(running(s.child)).toBe(false);
  }, 120_000);

  it('a launcher killed with SIGKILL leaves nothing running', async () => {
    const s = await startSweep();
    s.launcher.kill('SIGKILL');
    expect(await s.ended).toEqual({ code: null, signal: 'SIGKILL' });
    await until('the child to end', () => !running(s.child));
  }, 120_000);
});

const noRedis = redisMissing();

describe.skipIf(process.platform !== 'linux' || noRedis !== null)('a queue worker under its launcher', () => {
  it('Ctrl-C at the terminal is one SIGINT to the worker: it drains, it does not abandon', async () => {
    const redis = await startRedis();
    const cacheDir = mkdtempSync(join(tmpdir(), 'relaunch-worker-'));
    try {
      const env = launchEnv();
      const args = ['worker', '--queue', `redis://${redis.queue.host}:${redis.queue.port}`, '--cache-dir', cacheDir];
      const launcher = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      launcher.stderr.on('data', (d: Buffer) => (log += d.toString()));
      const ended = new Promise<number | null>((ok) => launcher.once('exit', ok));
      await until('the worker to be ready', () => log.includes('worker ready') || launcher.exitCode !== null);
      // The worker counts SIGINTs (a second one abandons its jobs), so a doubled signal would show in its log.
      process.kill(-launcher.pid!, 'SIGINT');
      expect(await ended).toBe(0);
      expect(log).toContain('SIGINT: finishing the running jobs');
      expect(log).not.toContain('SIGINT again:');
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
      await redis.stop();
    }
  }, 120_000);
});
