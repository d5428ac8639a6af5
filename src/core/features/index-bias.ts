/** Index bias: votes of EMA9/21, typical-price average, RSI14, ADX14 (DI±) and Supertrend(10, 3) on 1-minute index candles. */
import type { KernelParams } from '../params/kernel-params.js';
import { Adx } from './indicators/adx.js';
import { Ema } from './indicators/ema.js';
import { Rsi } from './indicators/rsi.js';
import { Supertrend } from './indicators/supertrend.js';
import { TypicalPriceAverage } from './indicators/typical-price-average.js';
import { MinuteCandles } from './minute-candles.js';

export type Bias = 'BULL' | 'BEAR' | 'NEUTRAL';

/**
 * Indicators update only when a 1-minute index candle closes and carry on across days, except the
 * typical-price average, which is a daily cumulative mean and restarts each trading date.
 */
export class IndexBias {
  private readonly candles = new MinuteCandles();
  private readonly ema9 = new Ema(9, 'sma');
  private readonly ema21 = new Ema(21, 'sma');
  private readonly rsi = new Rsi(14);
  private readonly adx = new Adx(14);
  private readonly supertrend = new Supertrend(10, 3);
  private readonly tpa = new TypicalPriceAverage();

  update(ts: number, price: number): void {
    if (!this.candles.update(ts, price)) return;
    const h = this.candles.closedHigh;
    const l = this.candles.closedLow;
    const c = this.candles.closedClose;
    this.ema9.update(c);
    this.ema21.update(c);
    this.rsi.update(c);
    this.adx.update(h, l, c);
    this.supertrend.update(h, l, c);
    this.tpa.update(h, l, c);
  }

  /** Starts a new trading date (the typical-price average is daily). */
  newDay(): void {
    this.tpa.reset();
  }

  /** Sum of the enabled votes at `price` (index minor units): each +1, −1 or 0 (not ready / no vote). */
  score(p: KernelParams, price: number): number {
    let score = 0;
    if (p.indexEmaEnabled && this.ema9.ready && this.ema21.ready) {
      score += Math.sign(this.ema9.value - this.ema21.value);
    }
    if (p.indexTpaEnabled && this.tpa.count > 0) {
      if (price > this.tpa.value + p.indexTpaBufferPts) score++;
      else if (price < this.tpa.value - p.indexTpaBufferPts) score--;
    }
    if (p.indexRsiEnabled && this.rsi.ready) {
      if (this.rsi.value >= p.indexRsiBull) score++;
      else if (this.rsi.value <= p.indexRsiBear) score--;
    }
    if (p.indexAdxEnabled && this.adx.ready && this.adx.adx >= p.indexAdxMin) {
      score += Math.sign(this.adx.plusDi - this.adx.minusDi);
    }
    if (p.indexSupertrendEnabled && this.supertrend.ready) {
      score += Math.sign(price - this.supertrend.value);
    }
    return score;
  }

  bias(p: KernelParams, price: number): Bias {
    const s = this.score(p, price);
    if (s >= p.indexBiasMinScore) return 'BULL';
    if (s <= -p.indexBiasMinScore) return 'BEAR';
    return 'NEUTRAL';
  }
}
