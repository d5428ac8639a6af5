/** Histogram of net P&L per trade in fixed-width buckets of minor units. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { positiveInteger } from './analytics-args.js';

export interface PnlBucket {
  /** Lower bound of the bucket, floor(net / bucketMinor) × bucketMinor, minor units (inclusive). */
  readonly from: number;
  readonly count: number;
  /** Σ net P&L of the trades in the bucket, minor units. */
  readonly netPnl: number;
}

/** Non-empty buckets sorted by `from` ascending; bucketMinor must be a positive integer (RangeError otherwise). */
export function pnlDistribution(trades: readonly ClosedTradeRecord[], bucketMinor: number): PnlBucket[] {
  positiveInteger('bucketMinor', bucketMinor);
  const counts = new Map<number, { count: number; netPnl: number }>();
  for (let i = 0; i < trades.length; i++) {
    const p = trades[i]!.netPnl;
    const from = Math.floor(p / bucketMinor) * bucketMinor + 0; // + 0 turns −0 into 0
    const b = counts.get(from);
    if (b === undefined) counts.set(from, { count: 1, netPnl: p });
    else {
      b.count++;
      b.netPnl += p;
    }
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([from, b]) => ({ from, count: b.count, netPnl: b.netPnl }));
}
