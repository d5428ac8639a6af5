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
    const offsets = this.offset;
    let maxOffset = 0;
    for (let i = 0; i < n; i++) {
      const o = offsets[i] ?? 0;
      if (o > maxOffset) maxOffset = o;
    }
    const keys = new Uint32Array(n);
    let order: Uint32Array = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;

    const ranks = this.rank;
    for (let i = 0; i < n; i++) keys[i] = ranks[i] ?? 0;
    order = countingPass(order, keys, Math.max(1, rankCount));
    for (let i = 0; i < n; i++) keys[i] = (offsets[i] ?? 0) & LOW_MASK;
    order = countingPass(order, keys, LOW_MASK + 1);
    for (let i = 0; i < n; i++) keys[i] = (offsets[i] ?? 0) >>> LOW_BITS;
    order = countingPass(order, keys, (maxOffset >>> LOW_BITS) + 1);

    return {
      length: n,
      ts: gatherTs(order, offsets, baseTs),
      instrument: gatherInt(order, this.instrument),
      ltp: gatherFloat(order, this.ltp),
      bid: gatherFloat(order, this.bid),
      ask: gatherFloat(order, this.ask),
      bidQty: gatherFloat(order, this.bidQty),
      askQty: gatherFloat(order, this.askQty),
    };
  }
}

/** One stable counting-sort pass of `order` by `keys[row]` (keys indexed by row, values below `buckets`). */
function countingPass(order: Uint32Array, keys: Uint32Array, buckets: number): Uint32Array {
  const n = order.length;
  const start = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    const k = (keys[i] ?? 0) + 1;
    start[k] = (start[k] ?? 0) + 1;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] = (start[b + 1] ?? 0) + (start[b] ?? 0);
  const next = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const row = order[i] ?? 0;
    const k = keys[row] ?? 0;
    const at = start[k] ?? 0;
    next[at] = row;
    start[k] = at + 1;
  }
  return next;
}

function gatherTs(order: Uint32Array, offsets: Int32Array, baseTs: number): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = baseTs + (offsets[order[i] ?? 0] ?? 0);
  return out;
}

function gatherInt(order: Uint32Array, src: Int32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = src[order[i] ?? 0] ?? 0;
  return out;
}

function gatherFloat(order: Uint32Array, src: Float64Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = src[order[i] ?? 0] ?? 0;
  return out;
}
