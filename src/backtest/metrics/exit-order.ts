/** Exit order of closed trades (exit time, ties by trade id), the order of every path-dependent backtest figure. */
import type { ClosedTrade } from '../../core/model/events.js';

/** Orders by exitTs, then id by UTF-16 code units (locale-independent). */
export function compareTradeExit(a: ClosedTrade, b: ClosedTrade): number {
  if (a.exitTs !== b.exitTs) return a.exitTs - b.exitTs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The trades in exit order: the input itself when already ordered, otherwise a sorted copy. */
export function tradesInExitOrder(trades: readonly ClosedTrade[]): readonly ClosedTrade[] {
  for (let i = 1; i < trades.length; i++) {
    if (compareTradeExit(trades[i - 1]!, trades[i]!) > 0) return [...trades].sort(compareTradeExit);
  }
  return trades;
}
