/** Compares two backtest runs by a seeded bootstrap of the difference in mean net P&L per trade. */
import type { ClosedTrade } from '../../core/model/events.js';
import { createRng } from '../../core/rng.js';
import type { Rng } from '../../core/ports.js';
import { requireInteger, requireOpenUnit } from '../metrics/argument-checks.js';
import { percentileInterval } from './percentile-interval.js';

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_CONFIDENCE = 0.95;

export interface CompareRunsOptions {
  /** Seed of the bootstrap draws (integer); the same seed gives the same interval. */
  readonly seed: number;
  /** Bootstrap resamples, integer ≥ 1; default 2000. */
  readonly resamples?: number;
  /** Two-sided confidence of the percentile interval, in (0, 1); default 0.95. */
  readonly confidence?: number;
}

export interface RunComparison {
  /** Mean net P&L per trade of run a, minor units. */
  readonly meanA: number;
  /** Mean net P&L per trade of run b, minor units. */
  readonly meanB: number;
  /** meanB − meanA, minor units. */
  readonly difference: number;
  /** Bootstrap percentile interval of meanB − meanA at `confidence`, minor units. */
  readonly ci: [number, number];
  readonly resamples: number;
  readonly confidence: number;
  /** True when the interval excludes 0. */
  readonly significant: boolean;
}

const meanOf = (xs: Float64Array): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Mean of one resample with replacement of `xs` (n draws). */
function resampleMean(xs: Float64Array, rng: Rng): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(rng.next() * xs.length)]!;
  return sum / xs.length;
}

/**
 * Resamples each run's per-trade net P&L with replacement, independently (run a's draws, then run b's, per resample),
 * and takes the percentile interval of meanB* − meanA*. RangeError naming the run with no trades or the bad option.
 */
export function compareRuns(a: readonly Pick<ClosedTrade, 'netPnl'>[], b: readonly Pick<ClosedTrade, 'netPnl'>[], options: CompareRunsOptions): RunComparison {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  requireInteger(resamples, 'resamples', 1);
  requireOpenUnit(confidence, 'confidence');
  if (a.length === 0) throw new RangeError('a: run a has no trades to compare');
  if (b.length === 0) throw new RangeError('b: run b has no trades to compare');
  const pa = Float64Array.from(a, (t) => t.netPnl);
  const pb = Float64Array.from(b, (t) => t.netPnl);
  const rng = createRng(options.seed);
  const diffs = new Float64Array(resamples);
  for (let k = 0; k < resamples; k++) {
    const ma = resampleMean(pa, rng);
    diffs[k] = resampleMean(pb, rng) - ma;
  }
  diffs.sort();
  const ci = percentileInterval(diffs, confidence);
  const meanA = meanOf(pa);
  const meanB = meanOf(pb);
  return { meanA, meanB, difference: meanB - meanA, ci, resamples, confidence, significant: ci[0] > 0 || ci[1] < 0 };
}
