/** Research-queue benchmark: one sweep on the local worker-thread pool (1 and 2 threads) and through a real redis-server to 1 and 2 `scalper worker` processes, with the overhead per queued job; results checked identical. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { runSweep } from '../src/adapters/sweep/sweep-pool.js';
import type { RedisQueue } from '../src/adapters/queue/queue-url.js';
import { redisServerMissing, startLocalRedis } from './local-redis.js';
import { RedisJobRunner } from '../src/adapters/queue/redis-job-runner.js';
import { simDataset } from '../src/app/sim-dataset.js';
import { planSweep, RunSweepInputSchema, SWEEP_FILL, type RunSweepInput, type RunSweepOutput } from '../src/app/jobs/sweep-job.js';

export interface QueueBenchResult {
  readonly combos: number;
  readonly cells: number;
  readonly localOneMs: number;
  readonly localTwoMs: number;
  /** The worker's first sweep: its thread starts and generates the days (kept for the next sweeps). */
  readonly redisOneColdMs: number;
  /** Later sweeps on warm workers, as in a long research session. */
  readonly redisOneMs: number;
  readonly redisTwoMs: number;
  /** Median round trip of a job whose work is nothing (the plan of a sweep the worker's thread already holds): what a job costs to go through Redis, a worker process and its thread. */
  readonly overheadMsPerJob: number;
}

const DATA = 'sim:NIFTY:42:2026-01-05:2';
const INPUT: RunSweepInput = { data: DATA, preset: 'nifty_normal', space: { kind: 'grid', axes: { momentumTicks: [6, 7], slPoints: [3, 4, 5, 6], trailGapPts: [1.5, 2, 2.5, 3] } } };
const CELL = 2;

/** A `scalper worker` (the built CLI), resolved once it says it is ready. */
function worker(queue: RedisQueue, cacheDir: string): Promise<ChildProcess> {
  const main = join(import.meta.dirname, '../src/cli/main.js');
  const child = spawn(process.execPath, [main, 'worker', '--queue', `redis://${queue.host}:${queue.port}`, '--concurrency', '1', '--cache-dir', cacheDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((ok) => {
    let text = '';
    child.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('worker ready')) ok(child);
    });
  });
}

async function stop(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGINT')))));
}

/** Why it cannot run here, or null. */
export function queueBenchMissing(): string | null {
  const redis = redisServerMissing();
  if (redis !== null) return redis;
  if (!existsSync(join(import.meta.dirname, '../src/cli/main.js'))) return 'run from the build (npm run bench)';
  return null;
}

export async function queueBench(): Promise<QueueBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-queue-bench-'));
  const redis = await startLocalRedis();
  const queue = redis.queue;
  const workers: ChildProcess[] = [];
  try {
    // Local: the sweep pool of `scalper sweep` (ticks generated before timing, as the workers generate theirs from the sim: reference).
    const dataset = simDataset(loadSimConfig(), DATA);
    const { seed, base, expanded } = planSweep(dataset, RunSweepInputSchema.parse(INPUT));
    const local = async (threads: number): Promise<{ ms: number; results: unknown }> => {
      const t0 = performance.now();
      const results = await runSweep({ dataset, world: { rateCards: loadRateCards(), fill: SWEEP_FILL, seed, preset: 'nifty_normal' }, base, combos: expanded.combos, workers: threads });
      return { ms: performance.now() - t0, results };
    };
    const runner = new RedisJobRunner({ queue, cellSize: () => CELL });
    const onQueue = async (): Promise<{ ms: number; results: unknown }> => {
      const t0 = performance.now();
      const out = JSON.parse(await runner.run({ work: 'sweep', input: INPUT }, { signal: new AbortController().signal, onProgress: () => undefined })) as RunSweepOutput;
      return { ms: performance.now() - t0, results: out.results };
    };
    try {
      const l1 = await local(1);
      const l2 = await local(2);
      workers.push(await worker(queue, join(dir, 'w1')));
      const cold = await onQueue(); // the worker's first sweep: its thread starts and generates the days
      const r1 = await onQueue();
      workers.push(await worker(queue, join(dir, 'w2')));
      await onQueue();
      const r2 = await onQueue();
      for (const r of [l2, r1, r2]) if (!isDeepStrictEqual(JSON.parse(JSON.stringify(r.results)), JSON.parse(JSON.stringify(l1.results)))) throw new Error('queue bench: results differ between the local pool and the Redis workers');
      const trips: number[] = [];
      for (let i = 0; i < 41; i++) {
        const t0 = performance.now();
        await runner.run({ work: 'sweep-plan', input: INPUT }, { signal: new AbortController().signal, onProgress: () => undefined });
        trips.push(performance.now() - t0);
      }
      trips.sort((a, b) => a - b);
      const cells = Math.ceil(expanded.combos.length / CELL);
      return {
        combos: expanded.combos.length,
        cells,
        localOneMs: Math.round(l1.ms),
        localTwoMs: Math.round(l2.ms),
        redisOneColdMs: Math.round(cold.ms),
        redisOneMs: Math.round(r1.ms),
        redisTwoMs: Math.round(r2.ms),
        overheadMsPerJob: Math.round(trips[20]! * 10) / 10,
      };
    } finally {
      await runner.close();
    }
  } finally {
    await stop(workers);
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
