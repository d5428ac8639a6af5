/** Per-trade averages of net P&L: average win, average loss and Tharp's expectancy (which equals the mean). */

export interface TradeAverages {
  /** Mean net P&L of the wins (net > 0), minor units; 0 when none. */
  readonly avgWin: number;
  /** Mean net P&L of the losses (net ≤ 0, break-even included), minor units, ≤ 0; 0 when none. */
  readonly avgLoss: number;
  /** avgWin · winRate + avgLoss · lossRate (Tharp 1998) = mean net P&L per trade, minor units; 0 with no trades. */
  readonly expectancy: number;
}

/** Averages of per-trade net P&L; break-even trades are losses that add 0, so the expectancy is exactly Σ / N. */
export function tradeAverages(pnls: ArrayLike<number>): TradeAverages {
  let wins = 0;
  let winSum = 0;
  let lossSum = 0;
  for (let i = 0; i < pnls.length; i++) {
    const p = pnls[i]!;
    if (p > 0) {
      wins++;
      winSum += p;
    } else {
      lossSum += p;
    }
  }
  const n = pnls.length;
  const losses = n - wins;
  return {
    avgWin: wins === 0 ? 0 : winSum / wins,
    avgLoss: losses === 0 ? 0 : lossSum / losses,
    expectancy: n === 0 ? 0 : (winSum + lossSum) / n,
  };
}
