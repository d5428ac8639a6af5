/** Histogram of net P&L per trade in fixed-width buckets of minor units. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { positiveInteger } from './analytics-args.js';
import { accumulate, type TradeAccumulator } from './trade-accumulator.js';

export interface PnlBucket {
  /** Lower bound of the bucket, floor(net / bucketMinor) × bucketMinor, minor units (inclusive). */
  readonly from: number;
  readonly count: number;
  /** Σ net P&L of the trades in the bucket, minor units. */
  readonly netPnl: number;
}

/** Buckets of net P&L; bucketMinor must be a positive integer (RangeError naming it otherwise). */
export class PnlDistributionAccumulator implements TradeAccumulator<PnlBucket[]> {
  private readonly buckets = new Map<number, { count: number; netPnl: number }>();
  private readonly bucketMinor: number;

  constructor(bucketMinor: number) {
    this.bucketMinor = positiveInteger('bucketMinor', bucketMinor);
  }

  add(t: ClosedTradeRecord): void {
    const p = t.netPnl;
    const from = Math.floor(p / this.bucketMinor) * this.bucketMinor + 0; // + 0 turns −0 into 0
    const b = this.buckets.get(from);
    if (b === undefined) this.buckets.set(from, { count: 1, netPnl: p });
    else {
      b.count++;
      b.netPnl += p;
    }
  }

  /** Non-empty buckets sorted by `from` ascending. */
  result(): PnlBucket[] {
    return [...this.buckets].sort((a, b) => a[0] - b[0]).map(([from, b]) => ({ from, count: b.count, netPnl: b.netPnl }));
  }
}

/** Non-empty buckets sorted by `from` ascending; bucketMinor must be a positive integer (RangeError otherwise). */
export const pnlDistribution = (trades: readonly ClosedTradeRecord[], bucketMinor: number): PnlBucket[] =>
  accumulate(trades, new PnlDistributionAccumulator(bucketMinor));
