/** The one-trade-at-a-time shape shared by every trade figure, so analyze can feed all of them in a single pass. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';

/** Consumes trades one by one (in exit order where the figure depends on order) and yields its figure. */
export interface TradeAccumulator<R> {
  add(t: ClosedTradeRecord): void;
  result(): R;
}

/** Runs one accumulator over the trades. */
export function accumulate<R>(trades: readonly ClosedTradeRecord[], acc: TradeAccumulator<R>): R {
  for (let i = 0; i < trades.length; i++) acc.add(trades[i]!);
  return acc.result();
}
