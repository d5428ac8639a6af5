/** How one OHLC bar becomes four ticks: the conservative price path and the tick times inside the bar. */

/**
 * The four prices in path order: open, then the adverse extreme, then the other, then close — a rising
 * bar (close ≥ open) goes open → low → high → close, a falling bar open → high → low → close, so a
 * position opened with the bar's direction sees its worst price first.
 */
export function barPath(open: number, high: number, low: number, close: number): [number, number, number, number] {
  return close >= open ? [open, low, high, close] : [open, high, low, close];
}

/** Millisecond offsets of the four ticks from the bar start t: t, t + L/4, t + L/2, t + L − 1 (1 minute: +0, +15 s, +30 s, +59.999 s). */
export function barTickOffsets(barMs: number): [number, number, number, number] {
  return [0, Math.floor(barMs / 4), Math.floor(barMs / 2), barMs - 1];
}

/** Default bar length when a file has a single bar time. */
export const DEFAULT_BAR_MS = 60_000;

/** The bar length of a file: the smallest positive gap between consecutive bar starts (1 minute when there is none). */
export function inferBarMs(starts: Float64Array, n: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < n; i++) {
    const gap = starts[i]! - starts[i - 1]!;
    if (gap > 0 && gap < best) best = gap;
  }
  return Number.isFinite(best) ? best : DEFAULT_BAR_MS;
}
