/** Sweep benchmark: the same grid on 1 and on 2 worker threads (spawn included), with a check that the results are identical. */
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { runSweep, type SweepInput } from '../src/adapters/sweep/sweep-pool.js';
import { simDataset } from '../src/app/sim-dataset.js';
import { expandSpace } from '../src/backtest/sweep/param-space.js';
import type { SweepResult } from '../src/backtest/sweep/run-combo.js';
import { presetParams } from '../src/core/params/presets.js';

export interface SweepBenchResult {
  readonly combos: number;
  readonly days: number;
  readonly ticks: number;
  readonly oneWorkerMs: number;
  readonly twoWorkerMs: number;
  /** oneWorkerMs / twoWorkerMs, 2 decimals. */
  readonly speedup: number;
}

async function timed(input: SweepInput): Promise<{ ms: number; results: SweepResult[] }> {
  const t0 = performance.now();
  const results = await runSweep(input);
  return { ms: performance.now() - t0, results };
}

export interface SweepBenchOptions {
  /** Simulated NIFTY trading days every combo runs over (about 440,000 ticks a day). Default 2. */
  readonly days?: number;
  /** 16, 32, 48 or 64 combos: slPoints × trailGapPts (4 × 4), times 1–4 momentumTicks values. Default 64. */
  readonly combos?: number;
  /** Timed runs per worker count; the fastest is kept. Default 2. */
  readonly passes?: number;
}

/**
 * A grid of nifty_normal combos over simulated NIFTY days, run on 1 and on 2 worker threads. The default,
 * 64 combos of about 0.9 M ticks each, has the shape of the design's sweep measurement (§6.7: 64 combos,
 * 1 M ticks). Wall time includes packing the ticks, starting the workers and their JIT warm-up; the ticks
 * are generated before timing. Throws if 1 and 2 workers disagree on any result.
 */
export async function sweepBench(options: SweepBenchOptions = {}): Promise<SweepBenchResult> {
  const { days = 2, combos: count = 64, passes = 2 } = options;
  if (![16, 32, 48, 64].includes(count)) throw new RangeError(`combos must be 16, 32, 48 or 64, got ${count}`);
  const seed = 42;
  const dataset = simDataset(loadSimConfig(), `sim:NIFTY:${seed}:2026-01-05:${days}`);
  const base = presetParams('nifty_normal');
  const { combos } = expandSpace(base, {
    kind: 'grid',
    axes: { momentumTicks: [6, 7, 8, 9].slice(0, count / 16), slPoints: [3, 4, 5, 6], trailGapPts: [1.5, 2, 2.5, 3] },
  });
  const rateCards = loadRateCards();
  const input = (workers: number): SweepInput => ({
    dataset,
    world: { rateCards, fill: { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 }, seed, preset: 'nifty_normal' },
    base,
    combos,
    workers,
  });
  let one = Infinity;
  let two = Infinity;
  for (let p = 0; p < passes; p++) {
    const a = await timed(input(1));
    const b = await timed(input(2));
    if (!isDeepStrictEqual(a.results, b.results)) throw new Error('sweep results differ between 1 and 2 workers');
    one = Math.min(one, a.ms);
    two = Math.min(two, b.ms);
  }
  return {
    combos: combos.length,
    days,
    ticks: dataset.days.reduce((n, c) => n + c.length, 0),
    oneWorkerMs: Math.round(one),
    twoWorkerMs: Math.round(two),
    speedup: Math.round((one / two) * 100) / 100,
  };
}
