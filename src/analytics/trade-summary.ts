/** Summary of a trade book: counts, net/gross sums, win/loss statistics, streaks, hold time and drawdown. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { inExitOrder } from './exit-order.js';
import { accumulate, type TradeAccumulator } from './trade-accumulator.js';

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

/** Summary figures over trades added in exit order. */
export class SummaryAccumulator implements TradeAccumulator<TradeSummary> {
  private n = 0;
  private gross = 0;
  private charges = 0;
  private net = 0;
  private wins = 0;
  private winSum = 0;
  private lossSum = 0;
  private largestWin = 0;
  private largestLoss = 0;
  private run = 0;
  private maxRun = 0;
  private holdSum = 0;
  private peak = 0;
  private maxDrawdown = 0;

  add(t: ClosedTradeRecord): void {
    const p = t.netPnl;
    this.n++;
    this.gross += t.grossPnl;
    this.charges += t.charges;
    this.holdSum += t.exitTs - t.entryTs;
    const net = (this.net += p);
    if (p > 0) {
      this.wins++;
      this.winSum += p;
      if (p > this.largestWin) this.largestWin = p;
      this.run = 0;
    } else {
      this.lossSum += p;
      if (p < this.largestLoss) this.largestLoss = p;
      if (++this.run > this.maxRun) this.maxRun = this.run;
    }
    if (net > this.peak) this.peak = net;
    else if (this.peak - net > this.maxDrawdown) this.maxDrawdown = this.peak - net;
  }

  result(): TradeSummary {
    const { n, wins } = this;
    const losses = n - wins;
    return {
      trades: n,
      wins,
      losses,
      winRate: n === 0 ? 0 : wins / n,
      grossPnl: this.gross,
      charges: this.charges,
      netPnl: this.net,
      profitFactor: this.lossSum === 0 ? null : this.winSum / -this.lossSum,
      expectancy: n === 0 ? 0 : this.net / n,
      avgWin: wins === 0 ? 0 : this.winSum / wins,
      avgLoss: losses === 0 ? 0 : this.lossSum / losses,
      largestWin: this.largestWin,
      largestLoss: this.largestLoss,
      maxConsecutiveLosses: this.maxRun,
      avgHoldMs: n === 0 ? 0 : this.holdSum / n,
      maxDrawdown: this.maxDrawdown,
    };
  }
}

/** The summary of the trades, taken in exit order (ties by tradeId). */
export const summary = (trades: readonly ClosedTradeRecord[]): TradeSummary =>
  accumulate(inExitOrder(trades), new SummaryAccumulator());
