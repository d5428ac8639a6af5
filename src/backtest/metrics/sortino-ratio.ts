/** Annualized Sortino ratio of daily returns (NautilusTrader form: target 0, downside deviation over all N returns). */
import { mean, STD_EPSILON } from './sample-moments.js';

/** mean(r) / √(Σ_{r<0} r² / N) × √annualization; null with fewer than 2 returns or a downside deviation below 1e-12. */
export function sortinoRatio(returns: ArrayLike<number>, annualization: number): number | null {
  const m = mean(returns);
  if (m === null || returns.length < 2) return null;
  let downside = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (r < 0) downside += r * r;
  }
  const dd = Math.sqrt(downside / returns.length);
  if (dd < STD_EPSILON) return null;
  return (m / dd) * Math.sqrt(annualization);
}
