/** Equity curve of a trade book: cumulative net P&L and drawdown after each trade, in exit order. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { inExitOrder } from './exit-order.js';
import { accumulate, type TradeAccumulator } from './trade-accumulator.js';

export interface EquityPoint {
  /** Exit time of the trade, epoch ms. */
  readonly ts: number;
  readonly tradeId: string;
  /** Cumulative net P&L after this trade, minor units. */
  readonly equity: number;
  /** equity − running peak (the peak starts at 0), ≤ 0. */
  readonly drawdown: number;
}

/** Equity points over trades added in exit order. */
export class EquityAccumulator implements TradeAccumulator<EquityPoint[]> {
  private readonly points: EquityPoint[];
  private n = 0;
  private equity = 0;
  private peak = 0;

  /** `expected` trades pre-size the series (it still grows past them). */
  constructor(expected = 0) {
    this.points = new Array<EquityPoint>(expected);
  }

  add(t: ClosedTradeRecord): void {
    const equity = (this.equity += t.netPnl);
    if (equity > this.peak) this.peak = equity;
    this.points[this.n++] = { ts: t.exitTs, tradeId: t.tradeId, equity, drawdown: equity - this.peak };
  }

  result(): EquityPoint[] {
    this.points.length = this.n;
    return this.points;
  }
}

/** One point per trade in exit order (ties by tradeId). */
export const equitySeries = (trades: readonly ClosedTradeRecord[]): EquityPoint[] =>
  accumulate(inExitOrder(trades), new EquityAccumulator(trades.length));
