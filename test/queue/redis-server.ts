/** Test helper: a real redis-server (the bench's throwaway one), a `scalper worker` from source, and a recording of simulated days to sweep on. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { TickRecorder } from '../../src/adapters/recorder/tick-recorder.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { simDataset } from '../../src/app/sim-dataset.js';
import { readRow } from '../../src/sim/market/tick-columns.js';
import type { RedisQueue } from '../../src/adapters/queue/queue-url.js';
import { redisServerMissing, startLocalRedis, type LocalRedis } from '../../bench/local-redis.js';

const root = resolve(import.meta.dirname, '../..');

/** Why the queue tests cannot run here, or null when redis-server is installed. */
export function redisMissing(): string | null {
  const why = redisServerMissing();
  return why === null ? null : `${why}: the Redis queue tests skip`;
}

export type RedisHandle = LocalRedis;

/** A redis-server of its own (the bench's), answering before this resolves. */
export const startRedis = startLocalRedis;

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it logged on stderr so far. */
  log(): string;
  /** Resolves when its log matches. */
  waitFor(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

/** `scalper worker` run from source in a child process. */
export async function startWorker(queue: RedisQueue, cacheDir: string, extra: readonly string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'worker', '--queue', `redis://${queue.host}:${queue.port}`, '--cache-dir', cacheDir, ...extra], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr.on('data', (d: Buffer) => {
    text += d.toString();
    for (const w of waiters.splice(0)) if (w.pattern.test(text)) w.resolve();
    else waiters.push(w);
  });
  const w: WorkerProcess = {
    child,
    log: () => text,
    waitFor: (pattern) => (pattern.test(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pattern, resolve }))),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    },
  };
  await w.waitFor(/worker ready/);
  return w;
}

/** A directory of binary recordings holding the simulated days of `ref` (a dataset that must travel to the workers). */
export async function recordSimDays(ref: string, dir: string): Promise<void> {
  const ds = simDataset(loadSimConfig(), ref);
  const index = ds.universe.instruments[ds.underlying]!;
  const rec = new TickRecorder({ dir, universe: ds.universe, utcOffsetMin: index.utcOffsetMin });
  const tick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
  for (const cols of ds.days) for (let i = 0; i < cols.length; i++) rec.record({ ...readRow(cols, i, tick) });
  await rec.close();
}

/** `scalper ARGS` from source in a child process, without blocking this event loop (the workers' logs keep flowing). */
export function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => ok({ code, stdout, stderr }));
  });
}
