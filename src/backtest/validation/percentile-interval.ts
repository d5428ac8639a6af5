/** Quantiles of a sorted sample by linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default). */

/** The q-quantile (q in 0..1) of an ascending, non-empty sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a === b ? a : a + (h - lo) * (b - a);
}

/** Equal-tailed percentile interval at `confidence` (e.g. 0.95 → the 2.5% and 97.5% quantiles) of an ascending sample. */
export function percentileInterval(sorted: ArrayLike<number>, confidence: number): [number, number] {
  const tail = (1 - confidence) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}
