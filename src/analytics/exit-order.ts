/** Exit order of closed trades (exit time, ties by trade id), the order of every path-dependent figure. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';

/** Orders by exitTs, then tradeId by UTF-16 code units (locale-independent). */
export function compareExit(a: ClosedTradeRecord, b: ClosedTradeRecord): number {
  if (a.exitTs !== b.exitTs) return a.exitTs - b.exitTs;
  return a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0;
}

/** The trades in exit order: the input itself when already ordered (an O(n) check), otherwise a sorted copy. */
export function inExitOrder(trades: readonly ClosedTradeRecord[]): readonly ClosedTradeRecord[] {
  for (let i = 1; i < trades.length; i++) {
    if (compareExit(trades[i - 1]!, trades[i]!) > 0) return [...trades].sort(compareExit);
  }
  return trades;
}
