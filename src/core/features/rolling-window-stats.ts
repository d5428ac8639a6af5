/** Incremental count, up/down counts and min/max of directional ticks over a sliding time window (amortised O(1)). */
import type { WindowStats } from './directional-window.js';

const CAPACITY = 4096; // a power of two, so indices wrap with a mask
const MASK = CAPACITY - 1;

/**
 * Ticks enter with `push` in time order; `stats(now)` evicts those at or before now − windowMs.
 * Min and max come from monotonic deques of buffer positions, so the regime can be refreshed on
 * every tick without rescanning the window. If more than CAPACITY ticks fall inside one window the
 * oldest are evicted early (far beyond any real feed's rate for a one-minute window).
 */
export class RollingWindowStats {
  private readonly ts = new Float64Array(CAPACITY);
  private readonly price = new Float64Array(CAPACITY);
  private readonly dir = new Int8Array(CAPACITY);
  private head = 0; // absolute index of the oldest tick in the window
  private tail = 0; // absolute index one past the newest
  private up = 0;
  private down = 0;
  private readonly minQ = new Int32Array(CAPACITY);
  private minHead = 0;
  private minTail = 0;
  private readonly maxQ = new Int32Array(CAPACITY);
  private maxHead = 0;
  private maxTail = 0;

  constructor(private windowMs: number) {}

  setWindow(windowMs: number): void {
    this.windowMs = windowMs;
  }

  push(ts: number, price: number, dir: number): void {
    if (this.tail - this.head === CAPACITY) this.evictOne();
    const i = this.tail & MASK;
    this.ts[i] = ts;
    this.price[i] = price;
    this.dir[i] = dir;
    if (dir > 0) this.up++;
    else this.down++;
    while (this.minTail > this.minHead && this.price[this.minQ[(this.minTail - 1) & MASK]! & MASK]! >= price) this.minTail--;
    this.minQ[this.minTail & MASK] = this.tail;
    this.minTail++;
    while (this.maxTail > this.maxHead && this.price[this.maxQ[(this.maxTail - 1) & MASK]! & MASK]! <= price) this.maxTail--;
    this.maxQ[this.maxTail & MASK] = this.tail;
    this.maxTail++;
    this.tail++;
  }

  stats(now: number, out: WindowStats): WindowStats {
    const from = now - this.windowMs;
    while (this.head < this.tail && this.ts[this.head & MASK]! <= from) this.evictOne();
    out.count = this.tail - this.head;
    out.up = this.up;
    out.down = this.down;
    out.min = out.count === 0 ? Infinity : this.price[this.minQ[this.minHead & MASK]! & MASK]!;
    out.max = out.count === 0 ? -Infinity : this.price[this.maxQ[this.maxHead & MASK]! & MASK]!;
    return out;
  }

  clear(): void {
    this.head = this.tail = 0;
    this.up = this.down = 0;
    this.minHead = this.minTail = this.maxHead = this.maxTail = 0;
  }

  private evictOne(): void {
    const h = this.head;
    if (this.dir[h & MASK]! > 0) this.up--;
    else this.down--;
    if (this.minTail > this.minHead && this.minQ[this.minHead & MASK] === h) this.minHead++;
    if (this.maxTail > this.maxHead && this.maxQ[this.maxHead & MASK] === h) this.maxHead++;
    this.head++;
  }
}
