/** Streaming Wilder RSI with TA-Lib semantics (50 when there is no movement at all). */

/** TA-Lib's TA_EPSILON: its zero test on AG+AL. */
const ZERO = 1e-14;

/**
 * Streaming Wilder RSI with TA-Lib semantics: first value at index `period` (seeds are the simple means of the
 * first `period` gains and losses), then Wilder smoothing; RSI = 100·AG/(AG+AL). When AG+AL is zero (within
 * TA-Lib's epsilon 1e-14: no movement at all) the RSI is 50, where TA-Lib returns 0 and trading-signals 100.
 */
export class Rsi {
  readonly period: number;
  private seen = 0;
  private prev = 0;
  private avgGain = 0;
  private avgLoss = 0;
  private current = Number.NaN;
  private isReady = false;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`Rsi period must be an integer >= 1, got ${period}`);
    this.period = period;
  }

  /** Feeds one close and returns the RSI (NaN until ready). */
  update(x: number): number {
    const n = this.period;
    if (this.seen === 0) {
      this.prev = x;
      this.seen = 1;
      return this.current;
    }
    const diff = x - this.prev;
    this.prev = x;
    if (this.isReady) {
      // TA-Lib's operation order (multiply, add, divide) so values match its doubles.
      this.avgLoss *= n - 1;
      this.avgGain *= n - 1;
      if (diff < 0) this.avgLoss -= diff;
      else this.avgGain += diff;
      this.avgLoss /= n;
      this.avgGain /= n;
    } else {
      // Until ready the averages hold sums.
      if (diff < 0) this.avgLoss -= diff;
      else this.avgGain += diff;
      this.seen++;
      if (this.seen <= n) return this.current;
      this.avgLoss /= n;
      this.avgGain /= n;
      this.isReady = true;
    }
    const total = this.avgGain + this.avgLoss;
    this.current = total > -ZERO && total < ZERO ? 50 : 100 * (this.avgGain / total);
    return this.current;
  }

  /** The RSI in [0, 100], NaN until ready. */
  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.isReady;
  }

  reset(): void {
    this.seen = 0;
    this.prev = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.current = Number.NaN;
    this.isReady = false;
  }
}
