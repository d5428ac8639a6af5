/** Equity curve of a trade book: cumulative net P&L and drawdown after each trade, in exit order. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { inExitOrder } from './exit-order.js';

export interface EquityPoint {
  /** Exit time of the trade, epoch ms. */
  readonly ts: number;
  readonly tradeId: string;
  /** Cumulative net P&L after this trade, minor units. */
  readonly equity: number;
  /** equity − running peak (the peak starts at 0), ≤ 0. */
  readonly drawdown: number;
}

/** One point per trade in exit order (ties by tradeId). */
export function equitySeries(trades: readonly ClosedTradeRecord[]): EquityPoint[] {
  const ordered = inExitOrder(trades);
  const n = ordered.length;
  const out = new Array<EquityPoint>(n);
  let equity = 0;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const t = ordered[i]!;
    equity += t.netPnl;
    if (equity > peak) peak = equity;
    out[i] = { ts: t.exitTs, tradeId: t.tradeId, equity, drawdown: equity - peak };
  }
  return out;
}
