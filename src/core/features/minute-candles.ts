/** Allocation-free aggregation of ticks into epoch-aligned OHLC candles. */

/**
 * Builds OHLC candles from ticks, allocation-free, on intervals aligned to epoch multiples of `intervalMs` (UTC;
 * IST's +5:30 is whole minutes, so 1-minute candles align with exchange minutes too).
 *
 * A tick at or past the forming candle's end closes it and starts the next candle; a tick exactly on a boundary
 * belongs to the new candle. A gap of several intervals just closes the last candle: no empty candles are made
 * up for intervals without ticks. A tick older than the forming candle's start is ignored and counted in `lateTicks`.
 */
export class MinuteCandles {
  readonly intervalMs: number;
  private fOpen = Number.NaN;
  private fHigh = Number.NaN;
  private fLow = Number.NaN;
  private fClose = Number.NaN;
  private fStart = Number.NaN;
  private fEnd = Number.NaN;
  private fTicks = 0;
  private cOpen = Number.NaN;
  private cHigh = Number.NaN;
  private cLow = Number.NaN;
  private cClose = Number.NaN;
  private cStart = Number.NaN;
  private cTicks = 0;
  private cPrevClose = Number.NaN;
  private cCount = 0;
  private late = 0;

  constructor(intervalMs = 60_000) {
    if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`intervalMs must be a positive integer, got ${intervalMs}`);
    }
    this.intervalMs = intervalMs;
  }

  /** Adds a tick; returns true when it closed the forming candle (the closed* getters then describe that candle). */
  update(ts: number, price: number): boolean {
    if (ts < this.fEnd && ts >= this.fStart) {
      if (price > this.fHigh) this.fHigh = price;
      if (price < this.fLow) this.fLow = price;
      this.fClose = price;
      this.fTicks++;
      return false;
    }
    if (ts < this.fStart) {
      this.late++;
      return false;
    }
    const closed = this.fTicks > 0;
    if (closed) {
      this.cPrevClose = this.cClose;
      this.cOpen = this.fOpen;
      this.cHigh = this.fHigh;
      this.cLow = this.fLow;
      this.cClose = this.fClose;
      this.cStart = this.fStart;
      this.cTicks = this.fTicks;
      this.cCount++;
    }
    const iv = this.intervalMs;
    // Floors negative ts too: % keeps the dividend's sign.
    this.fStart = ts - (((ts % iv) + iv) % iv);
    this.fEnd = this.fStart + iv;
    this.fOpen = price;
    this.fHigh = price;
    this.fLow = price;
    this.fClose = price;
    this.fTicks = 1;
    return closed;
  }

  /** Forming candle's open; NaN before the first tick. */
  get open(): number {
    return this.fOpen;
  }
  get high(): number {
    return this.fHigh;
  }
  get low(): number {
    return this.fLow;
  }
  get close(): number {
    return this.fClose;
  }
  /** Forming candle's interval start (epoch ms); NaN before the first tick. */
  get startTs(): number {
    return this.fStart;
  }
  /** Ticks in the forming candle; 0 before the first tick. */
  get ticks(): number {
    return this.fTicks;
  }

  /** Last closed candle's open; NaN until a candle has closed. */
  get closedOpen(): number {
    return this.cOpen;
  }
  get closedHigh(): number {
    return this.cHigh;
  }
  get closedLow(): number {
    return this.cLow;
  }
  get closedClose(): number {
    return this.cClose;
  }
  get closedStartTs(): number {
    return this.cStart;
  }
  get closedTicks(): number {
    return this.cTicks;
  }
  /** Close of the candle closed before the last one; NaN until two candles have closed. */
  get prevClosedClose(): number {
    return this.cPrevClose;
  }
  /** Candles closed since construction or the last reset. */
  get closedCount(): number {
    return this.cCount;
  }
  /** Ticks ignored because they were older than the forming candle. */
  get lateTicks(): number {
    return this.late;
  }

  reset(): void {
    this.fOpen = Number.NaN;
    this.fHigh = Number.NaN;
    this.fLow = Number.NaN;
    this.fClose = Number.NaN;
    this.fStart = Number.NaN;
    this.fEnd = Number.NaN;
    this.fTicks = 0;
    this.cOpen = Number.NaN;
    this.cHigh = Number.NaN;
    this.cLow = Number.NaN;
    this.cClose = Number.NaN;
    this.cStart = Number.NaN;
    this.cTicks = 0;
    this.cPrevClose = Number.NaN;
    this.cCount = 0;
    this.late = 0;
  }
}
