/** A 5-day simulated backtest as a job on a real worker pool: submit answers at once, progress flows per day, the result is runBacktest's, a repeat is served from the store, the event loop keeps turning. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { runBacktest, type SimBacktestInput } from '../../src/app/commands/run-backtest.js';
import type { JobDetail, JobView } from '../../src/app/jobs/job-types.js';
import { jobHarness, type JobHarness } from './job-harness.js';

const INPUT: SimBacktestInput = { days: 5, seed: 7, startDate: '2026-01-05' };

let h: JobHarness;
let submitted: JobView;
/** The job as seen synchronously right after submit returned. */
let rightAfter: JobDetail;
let done: JobView;
let turns: number;

beforeAll(async () => {
  h = jobHarness(1);
  // The main thread's event loop: a setImmediate chain that counts its turns while the job runs.
  let stop = false;
  turns = 0;
  const spin = (): void => {
    turns++;
    if (!stop) setImmediate(spin);
  };
  submitted = h.service.submit('backtest', INPUT, 'tester');
  rightAfter = h.service.get(submitted.id);
  const startTurns = turns;
  setImmediate(spin);
  done = await h.settled(submitted.id);
  stop = true;
  turns -= startTurns;
}, 300_000);

afterAll(() => h.close());

describe('a backtest job', () => {
  it('is accepted at once: submit returns before the work is done', () => {
    expect(['queued', 'running']).toContain(submitted.state);
    expect(rightAfter.state).not.toBe('done');
    expect(rightAfter.result).toBeNull();
    expect(submitted.kind).toBe('backtest');
    expect(submitted.submittedBy).toBe('tester');
    expect(submitted.runKey).toMatch(/^rk-[0-9a-f]{24}$/);
    // Stored with its defaults filled in.
    expect(submitted.input).toMatchObject({ ...INPUT, preset: 'nifty_normal', overrides: {}, latencyMs: 100 });
  });

  it('goes queued → running → done, with progress from the worker for each simulated day', () => {
    expect(done.state).toBe('done');
    const events = h.of(submitted.id);
    expect(events[0]?.type).toBe('job.queued');
    expect(events.at(-1)?.type).toBe('job.done');
    const days = events.filter((e) => e.type === 'job.progress' && /days done$/.test(e.job.progress.message)).map((e) => e.job.progress);
    expect(days.map((p) => p.message)).toEqual(['0 of 5 days done', '1 of 5 days done', '2 of 5 days done', '3 of 5 days done', '4 of 5 days done', '5 of 5 days done']);
    expect(days.map((p) => p.fraction)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(done.progress).toEqual({ fraction: 1, message: 'done' });
    expect(done.startedTs).not.toBeNull();
    expect(done.finishedTs).toBeGreaterThanOrEqual(done.startedTs!);
    expect(done.error).toBeNull();
  });

  it('kept the main event loop turning while the 5 days were simulated on a worker', () => {
    // Run on this thread, the backtest would have held the loop for the whole run: a handful of turns at most.
    expect(turns).toBeGreaterThan(100);
  });

  it('has the result runBacktest gives for the same input', () => {
    const direct = runBacktest({ simConfig: loadSimConfig(), rateCards: loadRateCards() }, INPUT);
    const job = h.service.get(submitted.id);
    expect(direct.trades.length).toBeGreaterThan(0);
    expect(job.result).toEqual(direct);
  });

  it('serves a repeat of the same work from the store: the same done job, no second run', () => {
    const before = h.events.length;
    // The same work written differently (defaults spelled out, keys in another order) is the same run key.
    const again = h.service.submit('backtest', { overrides: {}, startDate: '2026-01-05', seed: 7, days: 5, preset: 'nifty_normal', latencyMs: 100 }, 'someone-else');
    expect(again.id).toBe(submitted.id);
    expect(again.state).toBe('done');
    expect(again.submittedBy).toBe('tester');
    expect(h.events.length).toBe(before);
    expect(h.service.list({ limit: 10 }).items.map((j) => j.id)).toEqual([submitted.id]);
    expect(h.service.get(again.id).result).toEqual(h.service.get(submitted.id).result);
  });

  it('runs other work under another run key', () => {
    const other = h.service.submit('backtest', { ...INPUT, seed: 8 }, 'tester');
    expect(other.id).not.toBe(submitted.id);
    expect(other.runKey).not.toBe(submitted.runKey);
    h.service.cancel(other.id);
  });

  it('reports no internal error', () => {
    expect(h.internal).toEqual([]);
  });
});
