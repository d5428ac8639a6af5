/** Streaming Wilder ADX, +DI, −DI and DX with TA-Lib semantics. */

/** TA-Lib's TA_EPSILON. */
const ZERO = 1e-14;

function isZero(v: number): boolean {
  return v > -ZERO && v < ZERO;
}

/**
 * Streaming Wilder ADX, +DI, −DI and DX with TA-Lib semantics (TA_ADX, TA_DX, TA_PLUS_DI, TA_MINUS_DI).
 *
 * +DM/−DM follow TA-Lib: only the larger of (H−prevH) and (prevL−L) counts, and only if positive; a tie counts
 * for neither. +DM, −DM and TR are Wilder-summed: the sums of the first period−1 values (indices 1..period−1),
 * then S = S − S/period + x. DI = 100·S_DM/S_TR and DX = 100·|+DI − −DI|/(+DI + −DI) from index `period`;
 * ADX = mean of the first `period` DX at index 2·period−1, then (prev·(period−1) + DX)/period.
 * Zero tests use TA-Lib's epsilon 1e-14: when S_TR is zero both DI are 0; when S_TR or the DI sum is zero the DX
 * keeps its last value (0 if it has none), adds 0 to the ADX seed sum, and leaves a ready ADX unchanged.
 *
 * trading-signals (v8) differs in warm-up only: its TR smoother also counts TR[0] = H−L (TA-Lib has no TR at
 * index 0) and its Wilder means are seeded by SMAs at index period−1, so its DI/DX start at period−1 and its ADX
 * (seeded by the SMA of the first `period` DX) at 2·period−2. It also reports DI as a fraction (not ×100) and
 * counts both DMs on a tie. The warm-up difference decays by (1 − 1/period) per bar: on tie-free data both agree
 * to 1e-9 once 100·(1 − 1/period)^k is below 1e-10 (k ≈ 373 bars after the first ADX for period 14).
 */
export class Adx {
  readonly period: number;
  private seen = 0;
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;
  private plusDm = 0;
  private minusDm = 0;
  private tr = 0;
  private pdi = Number.NaN;
  private mdi = Number.NaN;
  private dxValue = Number.NaN;
  private dxSum = 0;
  private adxValue = Number.NaN;
  private isDiReady = false;
  private isReady = false;

  constructor(period: number) {
    // TA-Lib's period-1 DI is unsmoothed and not scaled by 100: not a convention worth carrying.
    if (!Number.isInteger(period) || period < 2) throw new RangeError(`Adx period must be an integer >= 2, got ${period}`);
    this.period = period;
  }

  /** Feeds one bar and returns the ADX (NaN until ready). */
  update(high: number, low: number, close: number): number {
    const n = this.period;
    const i = this.seen++;
    if (i === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      this.prevClose = close;
      return this.adxValue;
    }
    const diffP = high - this.prevHigh;
    const diffM = this.prevLow - low;
    const yc = this.prevClose;
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    let tr = high - low;
    const up = Math.abs(high - yc);
    if (up > tr) tr = up;
    const down = Math.abs(low - yc);
    if (down > tr) tr = down;

    if (i < n) {
      if (diffM > 0 && diffP < diffM) this.minusDm += diffM;
      else if (diffP > 0 && diffP > diffM) this.plusDm += diffP;
      this.tr += tr;
      return this.adxValue;
    }

    this.minusDm -= this.minusDm / n;
    this.plusDm -= this.plusDm / n;
    if (diffM > 0 && diffP < diffM) this.minusDm += diffM;
    else if (diffP > 0 && diffP > diffM) this.plusDm += diffP;
    this.tr = this.tr - this.tr / n + tr;

    let dxOk = false;
    if (isZero(this.tr)) {
      this.pdi = 0;
      this.mdi = 0;
    } else {
      this.mdi = 100 * (this.minusDm / this.tr);
      this.pdi = 100 * (this.plusDm / this.tr);
      const sum = this.mdi + this.pdi;
      if (!isZero(sum)) {
        this.dxValue = 100 * (Math.abs(this.mdi - this.pdi) / sum);
        dxOk = true;
      }
    }
    if (!dxOk && !this.isDiReady) this.dxValue = 0;
    this.isDiReady = true;

    if (this.isReady) {
      if (dxOk) this.adxValue = (this.adxValue * (n - 1) + this.dxValue) / n;
    } else {
      if (dxOk) this.dxSum += this.dxValue;
      if (i === 2 * n - 1) {
        this.adxValue = this.dxSum / n;
        this.isReady = true;
      }
    }
    return this.adxValue;
  }

  /** ADX in [0, 100], NaN until ready (index 2·period−1). */
  get adx(): number {
    return this.adxValue;
  }

  /** +DI in [0, 100], NaN until diReady (index period). */
  get plusDi(): number {
    return this.pdi;
  }

  /** −DI in [0, 100], NaN until diReady (index period). */
  get minusDi(): number {
    return this.mdi;
  }

  /** DX in [0, 100], NaN until diReady (index period). */
  get dx(): number {
    return this.dxValue;
  }

  /** +DI, −DI and DX are available. */
  get diReady(): boolean {
    return this.isDiReady;
  }

  /** The ADX is available. */
  get ready(): boolean {
    return this.isReady;
  }

  reset(): void {
    this.seen = 0;
    this.prevHigh = 0;
    this.prevLow = 0;
    this.prevClose = 0;
    this.plusDm = 0;
    this.minusDm = 0;
    this.tr = 0;
    this.pdi = Number.NaN;
    this.mdi = Number.NaN;
    this.dxValue = Number.NaN;
    this.dxSum = 0;
    this.adxValue = Number.NaN;
    this.isDiReady = false;
    this.isReady = false;
  }
}
