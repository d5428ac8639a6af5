/** Van Tharp's System Quality Number on per-trade net P&L (backtrader form): √N · mean / sample std. */
import { mean, sampleStd, STD_EPSILON } from './sample-moments.js';

/** √N · mean(pnl) / sampleStd(pnl); null with fewer than 2 trades or a std of 0 (below 1e-12). */
export function systemQualityNumber(pnls: ArrayLike<number>): number | null {
  const m = mean(pnls);
  const sd = sampleStd(pnls);
  if (m === null || sd === null || sd < STD_EPSILON) return null;
  return (Math.sqrt(pnls.length) * m) / sd;
}
