/** Summary of a trade book: counts, net/gross sums, win/loss statistics, streaks, hold time and drawdown. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { inExitOrder } from './exit-order.js';

/** Money in minor units, net of charges unless named gross; ratios are plain numbers. */
export interface TradeSummary {
  readonly trades: number;
  /** Trades with net P&L > 0. */
  readonly wins: number;
  /** Trades with net P&L ≤ 0 (break-even trades count as losses). */
  readonly losses: number;
  /** wins / trades, 0..1 (0 with no trades). */
  readonly winRate: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
  /** Σ net wins / |Σ net losses|; null when the losses sum to zero (no losing trade, or only break-even ones); 0 with losses and no wins. */
  readonly profitFactor: number | null;
  /** Mean net P&L per trade (may be fractional; 0 with no trades). */
  readonly expectancy: number;
  /** Mean net P&L of the wins (0 when none). */
  readonly avgWin: number;
  /** Mean net P&L of the losses, ≤ 0 (0 when none). */
  readonly avgLoss: number;
  /** Largest net win (0 when none). */
  readonly largestWin: number;
  /** Most negative net loss, ≤ 0 (0 when none). */
  readonly largestLoss: number;
  /** Longest run of losses in exit order. */
  readonly maxConsecutiveLosses: number;
  /** Mean of exitTs − entryTs, ms (0 with no trades). */
  readonly avgHoldMs: number;
  /** Largest peak-to-trough fall of cumulative net P&L in exit order, starting from 0; ≥ 0. */
  readonly maxDrawdown: number;
}

/** Computes the summary in one pass over the trades in exit order (ties by tradeId). */
export function summary(trades: readonly ClosedTradeRecord[]): TradeSummary {
  const ordered = inExitOrder(trades);
  const n = ordered.length;
  let gross = 0;
  let charges = 0;
  let net = 0;
  let wins = 0;
  let winSum = 0;
  let lossSum = 0;
  let largestWin = 0;
  let largestLoss = 0;
  let run = 0;
  let maxRun = 0;
  let holdSum = 0;
  let peak = 0;
  let maxDrawdown = 0;
  for (let i = 0; i < n; i++) {
    const t = ordered[i]!;
    const p = t.netPnl;
    gross += t.grossPnl;
    charges += t.charges;
    net += p;
    holdSum += t.exitTs - t.entryTs;
    if (p > 0) {
      wins++;
      winSum += p;
      if (p > largestWin) largestWin = p;
      run = 0;
    } else {
      lossSum += p;
      if (p < largestLoss) largestLoss = p;
      if (++run > maxRun) maxRun = run;
    }
    if (net > peak) peak = net;
    else if (peak - net > maxDrawdown) maxDrawdown = peak - net;
  }
  const losses = n - wins;
  return {
    trades: n,
    wins,
    losses,
    winRate: n === 0 ? 0 : wins / n,
    grossPnl: gross,
    charges,
    netPnl: net,
    profitFactor: lossSum === 0 ? null : winSum / -lossSum,
    expectancy: n === 0 ? 0 : net / n,
    avgWin: wins === 0 ? 0 : winSum / wins,
    avgLoss: losses === 0 ? 0 : lossSum / losses,
    largestWin,
    largestLoss,
    maxConsecutiveLosses: maxRun,
    avgHoldMs: n === 0 ? 0 : holdSum / n,
    maxDrawdown,
  };
}
