import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetLoader } from '../../src/adapters/experiments/dataset-loader.js';
import { openJobService } from '../../src/adapters/jobs/open-job-service.js';
import { RedisJobRunner } from '../../src/adapters/queue/redis-job-runner.js';
import { redisChecks } from '../../src/adapters/queue/redis-checks.js';
import { redisConnection } from '../../src/adapters/queue/redis-connection.js';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import type { JobService } from '../../src/app/jobs/job-service.js';
import { queueStageExecutor } from '../../src/adapters/queue/queue-stage-executor.js';
import { runStageHere } from '../../src/adapters/experiments/local-stage.js';
import type { Experiment } from '../../src/experiments/experiment-idea.js';
import { runSweepJob, type RunSweepInput, type RunSweepOutput } from '../../src/app/jobs/sweep-job.js';
import { runWalkForwardJob, type WalkForwardInput } from '../../src/app/jobs/walk-forward-job.js';
import { cli, recordSimDays, redisMissing, startRedis, startWorker, type RedisHandle, type WorkerProcess } from './redis-server.js';

/**
 * The research queue on a real redis-server and real `scalper worker` processes: a sweep through two
 * workers equals the local sweep, a worker SIGKILLed mid-cell loses and doubles nothing, a cancel
 * removes the queued cells, and the daemon's job service runs a sweep and a gate-style comparison there.
 */
const missing = redisMissing();
if (missing !== null) console.warn(missing);

let redis: RedisHandle;
let dir: string;
let data: string;
const workers: WorkerProcess[] = [];

const local = (input: RunSweepInput): RunSweepOutput => runSweepJob({ loadDataset: datasetLoader(), rateCards: loadRateCards() }, input);
const never = new AbortController().signal;

describe.skipIf(missing !== null)('research jobs on BullMQ and Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'scalper-queue-'));
    // A dataset the workers must fetch: a recordings directory no worker's cache holds.
    data = join(dir, 'recordings');
    await recordSimDays('sim:NIFTY:7:2026-01-05:2', data);
    for (const name of ['a', 'b']) workers.push(await startWorker(redis.queue, join(dir, `cache-${name}`), ['--concurrency', '1', '--stall-ms', '2000']));
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await redis?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a sweep through two worker processes equals the local sweep, combo for combo and hash for hash', async () => {
    const input: RunSweepInput = { data, preset: 'nifty_normal', space: { kind: 'grid', axes: { momentumTicks: [4, 5, 6], tpPoints: [8, 12] } } };
    const runner = new RedisJobRunner({ queue: redis.queue, cellSize: () => 1 });
    try {
      const progress: number[] = [];
      const json = await runner.run({ work: 'sweep', input }, { signal: never, onProgress: (p) => progress.push(p.fraction) });
      expect(json).toBe(JSON.stringify(local(input)));
      expect(progress.at(-1)).toBe(1);
      // Both workers took cells, and each fetched the dataset by its hash.
      for (const w of workers) await w.waitFor(/\(sweep-cell\) done/);
      const status = await runner.describe();
      expect(status).toMatchObject({ backend: 'redis', reachable: true, waiting: 0, active: 0, workers: 2 });
    } finally {
      await runner.close();
    }
  }, 180_000);

  it('a walk-forward split into its windows on the workers equals the local one', async () => {
    const input: WalkForwardInput = { data: 'sim:NIFTY:7:2026-01-05:4', preset: 'nifty_normal', space: { kind: 'grid', axes: { momentumTicks: [4, 6] } }, trainDays: 2, testDays: 1 };
    const runner = new RedisJobRunner({ queue: redis.queue });
    try {
      const json = await runner.run({ work: 'walk-forward', input }, { signal: never, onProgress: () => undefined });
      const here = runWalkForwardJob({ loadDataset: datasetLoader(), rateCards: loadRateCards() }, input);
      expect(here.windows.length).toBe(2);
      expect(json).toBe(JSON.stringify(here));
      // Each window was a job of its own.
      await expect.poll(() => workers.map((w) => w.log()).join('').match(/\(walk-forward-window\) done/g)?.length ?? 0).toBe(2);
    } finally {
      await runner.close();
    }
  }, 180_000);

  it('an experiment stage on the workers gives the evidence it gives here', async () => {
    const experiment: Experiment = {
      id: 1,
      idempotencyKey: 'queue-test',
      title: 'a wider target',
      hypothesis: 'trend days run further',
      overrides: { tpPoints: 12 },
      basePreset: 'nifty_normal',
      dataset: data,
      targetMetric: 'netPnlPerTrade',
      budget: { quickFraction: 0.5 },
      submitter: 'test',
      origin: 'human',
      status: 'pending',
      createdTs: 0,
      updatedTs: 0,
      quick: null,
      validation: null,
      reason: null,
      review: null,
    };
    const runner = new RedisJobRunner({ queue: redis.queue });
    try {
      const there = await queueStageExecutor(runner)(experiment, 'validation');
      const here = runStageHere(join(dir, 'stage-control.db'), experiment, 'validation');
      expect(there).toEqual(here);
      expect(there.candidate.trades).toBeGreaterThan(0);
    } finally {
      await runner.close();
    }
  }, 180_000);

  it('a worker SIGKILLed in the middle of a cell: the cell is run again elsewhere, no result lost or doubled', async () => {
    const input: RunSweepInput = { data, preset: 'nifty_normal', space: { kind: 'grid', axes: { momentumTicks: [4, 5, 6, 7], tpPoints: [8, 10, 12] } } };
    const runner = new RedisJobRunner({ queue: redis.queue, cellSize: () => 3 });
    const victim = workers[0]!;
    const startedBefore = (victim.log().match(/\(sweep-cell\) started/g) ?? []).length;
    try {
      const running = runner.run({ work: 'sweep', input }, { signal: never, onProgress: () => undefined });
      await victim.waitFor(new RegExp(`(?:[\\s\\S]*\\(sweep-cell\\) started){${startedBefore + 1}}`));
      victim.child.kill('SIGKILL');
      const killed = [...victim.log().matchAll(/queue job (\d+) \(sweep-cell\) started/g)].at(-1)![1]!;
      const out = JSON.parse(await running) as RunSweepOutput;
      expect(JSON.stringify(out)).toBe(JSON.stringify(local(input)));
      expect(new Set(out.results.map((r) => r.index)).size).toBe(out.results.length);
      // The survivor ran the killed worker's cell again, once BullMQ found it stalled.
      await workers[1]!.waitFor(new RegExp(`queue job ${killed} \\(sweep-cell\\) done`));
    } finally {
      await runner.close();
    }
    // A new worker in its place for the tests after this one.
    workers[0] = await startWorker(redis.queue, join(dir, 'cache-c'), ['--concurrency', '1', '--stall-ms', '2000']);
  }, 180_000);

  it('cancelling a sweep removes its queued cells and stops the running one', async () => {
    const input: RunSweepInput = { data, preset: 'nifty_normal', space: { kind: 'grid', axes: { momentumTicks: [3, 4, 5, 6, 7, 8], tpPoints: [6, 8, 10, 12] } } };
    const runner = new RedisJobRunner({ queue: redis.queue, cellSize: () => 1 });
    const controller = new AbortController();
    try {
      let done = 0;
      const from = workers.map((w) => w.log().length);
      const since = (i: number): string => workers[i]!.log().slice(from[i]);
      const running = runner.run({ work: 'sweep', input }, { signal: controller.signal, onProgress: (p) => (done = p.fraction) });
      // Cancelled once a cell of this sweep is done and another one is running.
      await expect.poll(() => /\(sweep-cell\) done[\s\S]*\(sweep-cell\) started/.test(since(0) + since(1)), { timeout: 60_000, interval: 20 }).toBe(true);
      controller.abort(new Error('cancelled by the test'));
      await expect(running).rejects.toThrow('cancelled by the test');
      expect(done).toBeLessThan(1);
      // Nothing of it is left to run: no waiting cell, and the running ones end.
      await expect.poll(async () => (await runner.describe()).waiting, { timeout: 30_000 }).toBe(0);
      await expect.poll(async () => (await runner.describe()).active, { timeout: 30_000 }).toBe(0);
      // A cell running when the sweep was cancelled was stopped by its worker, told on the cancel channel.
      expect(since(0) + since(1)).toMatch(/queue job \d+ cancelled/);
    } finally {
      await runner.close();
    }
  }, 180_000);

  it('scalper sweep and scalper backtest with --queue print what they print locally', async () => {
    const url = `redis://${redis.queue.host}:${redis.queue.port}`;
    const sweep = ['sweep', '--data', data, '--grid', 'momentumTicks=4,6', '--json'];
    const [queued, here] = await Promise.all([cli([...sweep, '--queue', url]), cli(sweep)]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toBe(here.stdout);
    const backtest = ['backtest', '--data', data, '--preset', 'nifty_expiry', '--json', '--db-dir', join(dir, 'cli-db')];
    const [qb, hb] = await Promise.all([cli([...backtest.slice(0, -2), '--queue', url]), cli(backtest)]);
    expect(qb.code, qb.stderr).toBe(0);
    expect(JSON.parse(qb.stdout)).toEqual(JSON.parse(hb.stdout));
    // A flag that cannot travel is refused by name.
    const refused = await cli(['sweep', '--data', data, '--grid', 'momentumTicks=4,6', '--queue', url, '--workers', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--workers');
    const bad = await cli(['worker', '--queue', 'redis://']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--queue');
  }, 180_000);

  it('a job Redis has lost (a restart without persistence) fails UNAVAILABLE instead of being waited on for ever', async () => {
    // Database 1, where no worker listens: the job waits, then Redis forgets it.
    const q = { ...redis.queue, db: 1 };
    const runner = new RedisJobRunner({ queue: q, lostCheckMs: 200 });
    const admin = redisConnection(q);
    try {
      const running = runner.run({ work: 'sim-backtest', input: { preset: 'nifty_normal', days: 1, seed: 1 } }, { signal: never, onProgress: () => undefined });
      await expect.poll(async () => (await runner.describe()).waiting).toBe(1);
      await admin.flushdb();
      const e = (await running.then(() => null, (x: unknown) => x)) as { code: string; message: string } | null;
      expect(e?.code).toBe('UNAVAILABLE');
      expect(e?.message).toContain('no longer in Redis');
    } finally {
      admin.disconnect();
      await runner.close();
    }
  }, 60_000);

  it('doctor checks the queue’s Redis: it answers, keeps jobs when full, its persistence, the workers', async () => {
    const checks = await redisChecks(redis.queue);
    expect(checks.map((c) => [c.check, c.verdict])).toEqual([
      ['research queue (Redis)', 'ok'],
      ['Redis eviction policy', 'ok'],
      ['Redis persistence', 'warn'],
      ['research workers', 'ok'],
    ]);
    expect(checks[3]!.detail).toMatch(/^2 worker process/);
    const down = await redisChecks({ ...redis.queue, port: 1 });
    expect(down.map((c) => c.verdict)).toEqual(['fail']);
    expect(down[0]!.detail).toContain('does not answer');
  }, 60_000);

  it('the daemon’s job service runs a sweep and a comparison of stored runs on the workers, with the same states and run-key cache', async () => {
    const controlPath = join(dir, 'control.db');
    const jobs: JobService = openJobService({ controlPath, queue: redis.queue });
    try {
      const finished = (id: string): Promise<{ state: string; result: unknown }> =>
        new Promise((resolve) => {
          const check = (): void => {
            const j = jobs.get(id);
            if (j.state === 'done' || j.state === 'failed' || j.state === 'cancelled') resolve(j);
            else setTimeout(check, 100);
          };
          check();
        });
      const input: RunSweepInput = { data, preset: 'nifty_normal', space: { kind: 'grid', axes: { momentumTicks: [4, 6] } } };
      const sweep = jobs.submit('sweep', input, 'test');
      expect(jobs.submit('sweep', input, 'test').id).toBe(sweep.id);
      const s = await finished(sweep.id);
      expect(s.state).toBe('done');
      expect(JSON.stringify(s.result)).toBe(JSON.stringify(local(input)));
      const a = jobs.submit('backtest', { data, preset: 'nifty_normal' }, 'test');
      const b = jobs.submit('backtest', { data, preset: 'nifty_normal', overrides: { tpPoints: 12 } }, 'test');
      expect((await finished(a.id)).state).toBe('done');
      expect((await finished(b.id)).state).toBe('done');
      // A comparison of two stored runs: the worker has no copy of this database, so their results travel with it.
      const cmp = jobs.submit('compare', { a: { job: a.id }, b: { job: b.id } }, 'test');
      const c = await finished(cmp.id);
      expect(c.state, JSON.stringify(jobs.get(cmp.id).error)).toBe('done');
      expect((c.result as { a: { job: string } }).a.job).toBe(a.id);
      const status = await jobs.backendStatus();
      expect(status).toMatchObject({ backend: 'redis', reachable: true, jobsQueued: 0, jobsRunning: 0 });
    } finally {
      await jobs.close();
    }
  }, 240_000);
});
