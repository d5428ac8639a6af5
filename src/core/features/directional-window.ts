/** A time window of one side's directional ticks (price and direction), for the regime and the no-trade zone. */

/** Summary of the ticks in a window: count, up/down counts and price range (minor units). */
export interface WindowStats {
  count: number;
  up: number;
  down: number;
  min: number;
  max: number;
}

/**
 * Ring buffer of directional ticks. Capacity is fixed (a power of two, so indices wrap with a mask);
 * when full the oldest tick is dropped, which only matters for windows holding more ticks than the
 * capacity (far beyond any real feed's rate).
 */
export class DirectionalWindow {
  private readonly ts: Float64Array;
  private readonly price: Float64Array;
  private readonly dir: Int8Array;
  private readonly mask: number;
  private head = 0;
  private size = 0;

  constructor(private readonly capacity = 2048) {
    if ((capacity & (capacity - 1)) !== 0 || capacity <= 0) throw new RangeError('capacity must be a power of two');
    this.mask = capacity - 1;
    this.ts = new Float64Array(capacity);
    this.price = new Float64Array(capacity);
    this.dir = new Int8Array(capacity);
  }

  push(ts: number, price: number, dir: number): void {
    const i = (this.head + this.size) & this.mask;
    this.ts[i] = ts;
    this.price[i] = price;
    this.dir[i] = dir;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) & this.mask;
  }

  /** Fills `out` with the stats of ticks with ts > now − windowMs; returns `out`. */
  stats(now: number, windowMs: number, out: WindowStats): WindowStats {
    const from = now - windowMs;
    out.count = 0;
    out.up = 0;
    out.down = 0;
    out.min = Infinity;
    out.max = -Infinity;
    for (let k = this.size - 1; k >= 0; k--) {
      const i = (this.head + k) & this.mask;
      if (this.ts[i]! <= from) break;
      const p = this.price[i]!;
      out.count++;
      if (this.dir[i]! > 0) out.up++;
      else out.down++;
      if (p < out.min) out.min = p;
      if (p > out.max) out.max = p;
    }
    return out;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}

export function emptyWindowStats(): WindowStats {
  return { count: 0, up: 0, down: 0, min: Infinity, max: -Infinity };
}
