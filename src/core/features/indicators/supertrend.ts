/** Streaming Supertrend on the TA-Lib Wilder ATR. */
import { Atr } from './atr.js';

/** 1 up, −1 down, 0 not ready. */
export type SupertrendDirection = 1 | -1 | 0;

/**
 * Streaming Supertrend on the TA-Lib Wilder ATR (./atr.ts), so the first value is at index `period`.
 *
 * Bands: basic = (H+L)/2 ± multiplier·ATR. Final upper = basic upper if it is below the previous final upper or the
 * previous close was above the previous final upper, else the previous final upper (mirrored for the lower band).
 * Direction: in an uptrend it turns down when the close falls below the final lower band; in a downtrend it turns up
 * when the close rises above the final upper band. On the first bar the bands are the basic bands and the trend is
 * up only if the close is above the upper band (as trading-signals; TradingView starts down). The value is the final
 * lower band in an uptrend and the final upper band in a downtrend.
 */
export class Supertrend {
  readonly period: number;
  readonly multiplier: number;
  private readonly atr: Atr;
  private finalUpper = Number.NaN;
  private finalLower = Number.NaN;
  private prevClose = Number.NaN;
  private dir: SupertrendDirection = 0;
  private current = Number.NaN;

  constructor(period = 10, multiplier = 3) {
    if (!(multiplier > 0) || !Number.isFinite(multiplier)) throw new RangeError(`Supertrend multiplier must be > 0, got ${multiplier}`);
    this.atr = new Atr(period);
    this.period = period;
    this.multiplier = multiplier;
  }

  /** Feeds one bar and returns the Supertrend line (NaN until ready). */
  update(high: number, low: number, close: number): number {
    const atr = this.atr.update(high, low, close);
    if (!this.atr.ready) return this.current;
    const mid = (high + low) / 2;
    const basicUpper = mid + this.multiplier * atr;
    const basicLower = mid - this.multiplier * atr;
    if (this.dir === 0) {
      this.finalUpper = basicUpper;
      this.finalLower = basicLower;
      this.dir = close > basicUpper ? 1 : -1;
    } else {
      const prevClose = this.prevClose;
      if (basicUpper < this.finalUpper || prevClose > this.finalUpper) this.finalUpper = basicUpper;
      if (basicLower > this.finalLower || prevClose < this.finalLower) this.finalLower = basicLower;
      if (this.dir === 1) {
        if (close < this.finalLower) this.dir = -1;
      } else if (close > this.finalUpper) {
        this.dir = 1;
      }
    }
    this.prevClose = close;
    this.current = this.dir === 1 ? this.finalLower : this.finalUpper;
    return this.current;
  }

  /** The Supertrend line, NaN until ready. */
  get value(): number {
    return this.current;
  }

  /** 1 up, −1 down, 0 not ready. */
  get direction(): SupertrendDirection {
    return this.dir;
  }

  get ready(): boolean {
    return this.dir !== 0;
  }

  /** Final upper band, NaN until ready. */
  get upperBand(): number {
    return this.finalUpper;
  }

  /** Final lower band, NaN until ready. */
  get lowerBand(): number {
    return this.finalLower;
  }

  reset(): void {
    this.atr.reset();
    this.finalUpper = Number.NaN;
    this.finalLower = Number.NaN;
    this.prevClose = Number.NaN;
    this.dir = 0;
    this.current = Number.NaN;
  }
}
