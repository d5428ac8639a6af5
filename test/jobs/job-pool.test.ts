/** The piscina runner: the abort signal reaches the pool (a running task is stopped, an aborted one never starts), and the pool size rule. */
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPoolSize, PiscinaJobRunner } from '../../src/adapters/jobs/job-pool.js';
import type { JobProgress } from '../../src/app/jobs/job-types.js';
import { tempControlPath } from './job-harness.js';

const runner = new PiscinaJobRunner(tempControlPath().controlPath, 1);
afterAll(() => runner.close());

/** 30 simulated days: far from done when it is aborted after its first day. */
const LONG = { work: 'sim-backtest', input: { days: 30, seed: 31 } } as const;

describe('PiscinaJobRunner', () => {
  it('stops a running task on abort: the task rejects with AbortError instead of returning its result', async () => {
    const controller = new AbortController();
    const progress: JobProgress[] = [];
    const outcome = runner.run(LONG, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.fraction > 0) controller.abort();
      },
    });
    await expect(outcome).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress[0]).toEqual({ fraction: 0, message: '0 of 30 days done' });
    expect(progress.some((p) => p.fraction === 1)).toBe(false);
  }, 300_000);

  it('never starts a task whose signal is already aborted', async () => {
    const progress: JobProgress[] = [];
    await expect(runner.run(LONG, { signal: AbortSignal.abort(), onProgress: (p) => progress.push(p) })).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toEqual([]);
  });

  it('sizes the pool cores − 1, at least 1, and refuses a bad size', () => {
    expect(defaultPoolSize()).toBe(Math.max(1, availableParallelism() - 1));
    expect(runner.size).toBe(1);
    for (const size of [0, -1, 1.5, 1000]) expect(() => new PiscinaJobRunner(':memory:', size)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
