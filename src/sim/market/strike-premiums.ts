/** Fair CE and PE premiums of one strike at every underlying event (Black–Scholes with the smile), plus its liquidity. */
import { normCdf } from '../pricing/normal-cdf.js';
import { smileMultiplier } from './iv-model.js';
import { liquidityOf } from './quote-model.js';

/** Per-event market state shared by every strike of a session. */
export interface EventCurves {
  readonly count: number;
  /** Offset from the session open, ms. */
  readonly t: Int32Array;
  /** Index level, minor units. */
  readonly spot: Float64Array;
  readonly lnSpot: Float64Array;
  readonly years: Float64Array;
  readonly sqrtYears: Float64Array;
  readonly discount: Float64Array;
  readonly atmIv: Float64Array;
  readonly regime: Uint8Array;
}

/** Output arrays, one entry per event. */
export interface StrikePremiums {
  readonly call: Float64Array;
  readonly put: Float64Array;
  readonly liquidity: Float64Array;
}

export function allocatePremiums(count: number): StrikePremiums {
  return { call: new Float64Array(count), put: new Float64Array(count), liquidity: new Float64Array(count) };
}

/**
 * Fills `out` for `strike` (minor units). Both rights share one σ from the smile and one pair of
 * Φ evaluations; at expiry (σ√T ≈ 0) the premium is the discounted intrinsic value.
 */
export function computeStrikePremiums(curves: EventCurves, strike: number, strikeStep: number, rate: number, out: StrikePremiums): void {
  const lnStrike = Math.log(strike);
  const { spot, lnSpot, years, sqrtYears, discount, atmIv } = curves;
  const { call, put, liquidity } = out;
  for (let j = 0; j < curves.count; j++) {
    const s = spot[j] ?? 0;
    const kd = strike * (discount[j] ?? 1);
    const iv = atmIv[j] ?? 0;
    const sq = sqrtYears[j] ?? 0;
    const x = (lnSpot[j] ?? 0) - lnStrike;
    const atmSd = iv * sq;
    let c: number;
    let p: number;
    if (atmSd < 1e-9) {
      c = s > kd ? s - kd : 0;
      p = kd > s ? kd - s : 0;
    } else {
      const vol = iv * smileMultiplier(-x / atmSd);
      const sd = vol * sq;
      const d1 = (x + (rate + 0.5 * vol * vol) * (years[j] ?? 0)) / sd;
      const n1 = normCdf(d1);
      const n2 = normCdf(d1 - sd);
      c = s * n1 - kd * n2;
      p = kd * (1 - n2) - s * (1 - n1);
    }
    call[j] = c > 0 ? c : 0;
    put[j] = p > 0 ? p : 0;
    liquidity[j] = liquidityOf(Math.abs(s - strike) / strikeStep);
  }
}
