/** Summary metrics over closed trades: exact sums in minor units, ratios as plain numbers. */
import type { ClosedTrade } from '../core/model/events.js';

export interface TradeMetrics {
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** Σ gross P&L, minor units. */
  readonly grossPnl: number;
  /** Σ charges, minor units. */
  readonly charges: number;
  /** Σ net P&L, minor units. */
  readonly netPnl: number;
  /** Share of trades with net P&L > 0, 0..1 (0 with no trades). */
  readonly winRate: number;
  /** Σ net wins / |Σ net losses|; null when there is no losing trade. */
  readonly profitFactor: number | null;
  /** Largest peak-to-trough fall of cumulative net P&L in trade-close order, minor units, ≥ 0. */
  readonly maxDrawdown: number;
}

/** Computes the metrics; every money figure is a sum over the trades, so it is reproducible by hand. */
export function tradeMetrics(trades: readonly ClosedTrade[]): TradeMetrics {
  let gross = 0;
  let charges = 0;
  let net = 0;
  let wins = 0;
  let winSum = 0;
  let lossSum = 0;
  let peak = 0;
  let maxDrawdown = 0;
  for (const t of trades) {
    gross += t.grossPnl;
    charges += t.charges;
    net += t.netPnl;
    if (t.netPnl > 0) {
      wins++;
      winSum += t.netPnl;
    } else {
      lossSum += t.netPnl;
    }
    if (net > peak) peak = net;
    if (peak - net > maxDrawdown) maxDrawdown = peak - net;
  }
  return {
    trades: trades.length,
    wins,
    losses: trades.length - wins,
    grossPnl: gross,
    charges,
    netPnl: net,
    winRate: trades.length === 0 ? 0 : wins / trades.length,
    profitFactor: lossSum === 0 ? null : winSum / -lossSum,
    maxDrawdown,
  };
}
