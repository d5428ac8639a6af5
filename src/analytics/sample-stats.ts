/** Order statistics of numeric samples in sorted typed arrays: median and nearest-rank percentile of one sample or the union of two. */

/** An ascending sample (Int32Array when every value is a 32-bit integer, which sorts several times faster). */
export type SortedSample = Int32Array | Float64Array;

const EMPTY: SortedSample = new Int32Array(0);

/** The k-th smallest value (0-based) of the union of two ascending samples, by an O(k) merge walk without allocation. */
function orderStat(a: SortedSample, b: SortedSample, k: number): number {
  if (b.length === 0) return a[k]!;
  if (a.length === 0) return b[k]!;
  let i = 0;
  let j = 0;
  for (let r = 0; r < k; r++) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) i++;
    else j++;
  }
  if (j >= b.length) return a[i]!;
  if (i >= a.length) return b[j]!;
  return Math.min(a[i]!, b[j]!);
}

/** Median of the union of ascending samples: the middle value, or the mean of the two middle values (0 when empty). */
export function median(a: SortedSample, b: SortedSample = EMPTY): number {
  const n = a.length + b.length;
  if (n === 0) return 0;
  const h = n >> 1;
  return n % 2 === 1 ? orderStat(a, b, h) : (orderStat(a, b, h - 1) + orderStat(a, b, h)) / 2;
}

/**
 * Nearest-rank percentile of the union of ascending samples: the smallest value with at least p% of the samples ≤ it
 * (0 when empty). p in 0..100; an integer p keeps the rank exact.
 */
export function percentile(p: number, a: SortedSample, b: SortedSample = EMPTY): number {
  const n = a.length + b.length;
  if (n === 0) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil((p * n) / 100)));
  return orderStat(a, b, rank - 1);
}

/** Collects up to `capacity` values into an Int32Array, switching to a Float64Array at the first value that is not an int32. */
export class SampleBuffer {
  private ints: Int32Array | null;
  private floats: Float64Array | null = null;
  private n = 0;

  constructor(private readonly capacity: number) {
    this.ints = new Int32Array(capacity);
  }

  get length(): number {
    return this.n;
  }

  push(x: number): void {
    if (this.ints !== null) {
      if ((x | 0) === x) {
        this.ints[this.n++] = x;
        return;
      }
      this.floats = new Float64Array(this.capacity);
      this.floats.set(this.ints.subarray(0, this.n));
      this.ints = null;
    }
    this.floats![this.n++] = x;
  }

  /** The values sorted ascending (a view of the buffer, sorted in place). */
  sorted(): SortedSample {
    return (this.ints ?? this.floats!).subarray(0, this.n).sort();
  }
}
