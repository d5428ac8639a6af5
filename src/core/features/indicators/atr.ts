/** Streaming Wilder ATR with TA-Lib semantics. */

/**
 * Streaming Wilder ATR with TA-Lib semantics: the true range starts at index 1 (it needs the previous close),
 * the first ATR at index `period` is mean(TR[1..period]), then ATR = (prev·(period−1) + TR) / period.
 */
export class Atr {
  readonly period: number;
  private seen = 0;
  private prevClose = 0;
  private sum = 0;
  private tr = Number.NaN;
  private current = Number.NaN;
  private isReady = false;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`Atr period must be an integer >= 1, got ${period}`);
    this.period = period;
  }

  /** Feeds one bar and returns the ATR (NaN until ready). */
  update(high: number, low: number, close: number): number {
    if (this.seen === 0) {
      this.prevClose = close;
      this.seen = 1;
      return this.current;
    }
    const yc = this.prevClose;
    // TA-Lib's TRUE_RANGE: max(H−L, |H−YC|, |L−YC|).
    let tr = high - low;
    const up = Math.abs(high - yc);
    if (up > tr) tr = up;
    const down = Math.abs(low - yc);
    if (down > tr) tr = down;
    this.tr = tr;
    this.prevClose = close;
    const n = this.period;
    if (this.isReady) {
      this.current = (this.current * (n - 1) + tr) / n;
      return this.current;
    }
    this.sum += tr;
    this.seen++;
    if (this.seen > n) {
      this.current = this.sum / n;
      this.isReady = true;
    }
    return this.current;
  }

  /** The ATR, NaN until ready. */
  get value(): number {
    return this.current;
  }

  /** The last bar's true range, NaN on the first bar (TA-Lib TRANGE). */
  get trueRange(): number {
    return this.tr;
  }

  get ready(): boolean {
    return this.isReady;
  }

  reset(): void {
    this.seen = 0;
    this.prevClose = 0;
    this.sum = 0;
    this.tr = Number.NaN;
    this.current = Number.NaN;
    this.isReady = false;
  }
}
