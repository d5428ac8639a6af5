/** A growable, unsorted tick buffer and its stable radix sort into TickColumns (by ts, ties by instrument rank). */
import type { TickColumns } from './tick-columns.js';

const LOW_BITS = 14;
const LOW_MASK = (1 << LOW_BITS) - 1;

/**
 * Ticks of one session as they are generated, instrument by instrument.
 * `offset` is ms from the session open (below 2^28); `rank` is the instrument's position in id order.
 */
export class TickBuffer {
  length = 0;
  private capacity: number;
  private offset: Int32Array;
  private rank: Uint16Array;
  private instrument: Int32Array;
  private ltp: Float64Array;
  private bid: Float64Array;
  private ask: Float64Array;
  private bidQty: Float64Array;
  private askQty: Float64Array;

  constructor(initialCapacity = 1 << 16) {
    this.capacity = Math.max(16, initialCapacity);
    this.offset = new Int32Array(this.capacity);
    this.rank = new Uint16Array(this.capacity);
    this.instrument = new Int32Array(this.capacity);
    this.ltp = new Float64Array(this.capacity);
    this.bid = new Float64Array(this.capacity);
    this.ask = new Float64Array(this.capacity);
    this.bidQty = new Float64Array(this.capacity);
    this.askQty = new Float64Array(this.capacity);
  }

  push(offsetMs: number, rank: number, instrument: number, ltp: number, bid: number, ask: number, bidQty: number, askQty: number): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.offset[i] = offsetMs;
    this.rank[i] = rank;
    this.instrument[i] = instrument;
    this.ltp[i] = ltp;
    this.bid[i] = bid;
    this.ask[i] = ask;
    this.bidQty[i] = bidQty;
    this.askQty[i] = askQty;
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Int32Array | Uint16Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    this.offset = grow(this.offset, (n) => new Int32Array(n));
    this.rank = grow(this.rank, (n) => new Uint16Array(n));
    this.instrument = grow(this.instrument, (n) => new Int32Array(n));
    this.ltp = grow(this.ltp, (n) => new Float64Array(n));
    this.bid = grow(this.bid, (n) => new Float64Array(n));
    this.ask = grow(this.ask, (n) => new Float64Array(n));
    this.bidQty = grow(this.bidQty, (n) => new Float64Array(n));
    this.askQty = grow(this.askQty, (n) => new Float64Array(n));
  }

  /**
   * Rows ordered by (offset, rank) with ts = baseTs + offset. LSD radix sort: rank, then the low
   * and high bits of the offset; each pass is stable, so equal times keep instrument-rank order.
   */
  toColumns(baseTs: number, rankCount: number): TickColumns {
    const n = this.length;
    let order = new Uint32Array(n);
    let next = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;

    const offsets = this.offset;
    const ranks = this.rank;
    let maxOffset = 0;
    for (let i = 0; i < n; i++) if ((offsets[i] ?? 0) > maxOffset) maxOffset = offsets[i] ?? 0;
    const highBuckets = (maxOffset >>> LOW_BITS) + 1;

    const pass = (buckets: number, key: (row: number) => number): void => {
      const count = new Uint32Array(buckets + 1);
      for (let i = 0; i < n; i++) {
        const k = key(order[i] ?? 0) + 1;
        count[k] = (count[k] ?? 0) + 1;
      }
      for (let b = 0; b < buckets; b++) count[b + 1] = (count[b + 1] ?? 0) + (count[b] ?? 0);
      for (let i = 0; i < n; i++) {
        const row = order[i] ?? 0;
        const k = key(row);
        next[count[k] ?? 0] = row;
        count[k] = (count[k] ?? 0) + 1;
      }
      const swap = order;
      order = next;
      next = swap;
    };
    pass(Math.max(1, rankCount), (row) => ranks[row] ?? 0);
    pass(LOW_MASK + 1, (row) => (offsets[row] ?? 0) & LOW_MASK);
    pass(highBuckets, (row) => (offsets[row] ?? 0) >>> LOW_BITS);

    const ts = new Float64Array(n);
    const instrument = new Int32Array(n);
    const ltp = new Float64Array(n);
    const bid = new Float64Array(n);
    const ask = new Float64Array(n);
    const bidQty = new Float64Array(n);
    const askQty = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = order[i] ?? 0;
      ts[i] = baseTs + (offsets[row] ?? 0);
      instrument[i] = this.instrument[row] ?? 0;
      ltp[i] = this.ltp[row] ?? 0;
      bid[i] = this.bid[row] ?? 0;
      ask[i] = this.ask[row] ?? 0;
      bidQty[i] = this.bidQty[row] ?? 0;
      askQty[i] = this.askQty[row] ?? 0;
    }
    return { length: n, ts, instrument, ltp, bid, ask, bidQty, askQty };
  }
}
