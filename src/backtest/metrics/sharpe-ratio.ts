/** Annualized Sharpe ratio of daily returns (NautilusTrader form: mean / sample std × √period, risk-free rate 0). */
import { mean, sampleStd, STD_EPSILON } from './sample-moments.js';

/** mean(r) / sampleStd(r) × √annualization; null with fewer than 2 returns or a std below 1e-12. */
export function sharpeRatio(returns: ArrayLike<number>, annualization: number): number | null {
  const m = mean(returns);
  const sd = sampleStd(returns);
  if (m === null || sd === null || sd < STD_EPSILON) return null;
  return (m / sd) * Math.sqrt(annualization);
}
