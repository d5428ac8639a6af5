/** Timing helper for benchmarks: one warm-up pass, then the median of timed passes. */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
}

export function measure(passes: number, fn: () => void): Measurement {
  fn();
  const runs: number[] = [];
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, runsMs: runs };
}

export const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);
