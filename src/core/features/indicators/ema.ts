/** Streaming exponential moving average with a TA-Lib SMA seed or a first-input seed. */

/** 'sma': TA-Lib (first value at index period−1 = SMA of the first period inputs); 'first': seeded with the first input. */
export type EmaSeed = 'sma' | 'first';

/** EMA with k = 2/(period+1); 'first' is the original system's candle-confirm EMA9. */
export class Ema {
  readonly period: number;
  private readonly k: number;
  private readonly seedFirst: boolean;
  private seen = 0;
  private sum = 0;
  private current = Number.NaN;
  private isReady = false;

  constructor(period: number, seed: EmaSeed) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`Ema period must be an integer >= 1, got ${period}`);
    this.period = period;
    this.k = 2 / (period + 1);
    this.seedFirst = seed === 'first';
  }

  /** Feeds one input and returns the EMA (NaN until ready). */
  update(x: number): number {
    if (this.isReady) {
      // TA-Lib's operation order, so values match its doubles bit for bit.
      this.current = (x - this.current) * this.k + this.current;
      return this.current;
    }
    if (this.seedFirst) {
      this.current = x;
      this.isReady = true;
      return x;
    }
    this.sum += x;
    this.seen++;
    if (this.seen === this.period) {
      this.current = this.sum / this.period;
      this.isReady = true;
    }
    return this.current;
  }

  /** The EMA, NaN until ready. */
  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.isReady;
  }

  reset(): void {
    this.seen = 0;
    this.sum = 0;
    this.current = Number.NaN;
    this.isReady = false;
  }
}
