/** Cumulative mean of the typical price since the last reset (the original system's "VWAP"). */

/**
 * Cumulative mean of the typical price (H+L+C)/3 since the last reset: the original system's so-called "VWAP",
 * which is not volume-weighted.
 */
export class TypicalPriceAverage {
  private sum = 0;
  private n = 0;

  /** Feeds one bar and returns the mean so far. */
  update(high: number, low: number, close: number): number {
    this.sum += (high + low + close) / 3;
    this.n++;
    return this.sum / this.n;
  }

  /** The mean since the last reset, NaN before the first bar. */
  get value(): number {
    return this.n === 0 ? Number.NaN : this.sum / this.n;
  }

  /** Bars since the last reset. */
  get count(): number {
    return this.n;
  }

  reset(): void {
    this.sum = 0;
    this.n = 0;
  }
}
