/** Maximum drawdown: in money and as a fraction of peak equity on a fixed-capital curve, and the compounded-returns form. */

export interface Drawdown {
  /** Largest peak-to-trough fall of cumulative net P&L (the peak starts at 0), minor units, ≥ 0. */
  readonly money: number;
  /** Largest (peak − equity) / peak with equity = capital + cumulative net P&L (the peak starts at capital), ≥ 0. */
  readonly pct: number;
  /** Highest cumulative net P&L reached (0 at the start), minor units, ≥ 0. */
  readonly peakPnl: number;
}

/** Drawdown of the equity curve built by adding `pnls` in order to `capital` (no compounding). */
export function equityDrawdown(pnls: ArrayLike<number>, capital: number): Drawdown {
  let cum = 0;
  let peak = 0;
  let money = 0;
  let pct = 0;
  for (let i = 0; i < pnls.length; i++) {
    cum += pnls[i]!;
    if (cum > peak) {
      peak = cum;
      continue;
    }
    const fall = peak - cum;
    if (fall > money) money = fall;
    const rel = fall / (capital + peak);
    if (rel > pct) pct = rel;
  }
  return { money, pct, peakPnl: peak };
}

/**
 * NautilusTrader's max drawdown on returns: the compounded curve ∏(1 + r) from 1.0, min over time of (equity − peak) / peak,
 * returned ≤ 0 (0 for no returns). Test vector: [−0.40, −0.10] → −0.46.
 */
export function maxDrawdownPctOfCompounded(returns: ArrayLike<number>): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < returns.length; i++) {
    equity *= 1 + returns[i]!;
    if (equity > peak) peak = equity;
    const dd = (equity - peak) / peak;
    if (dd < worst) worst = dd;
  }
  return worst;
}
