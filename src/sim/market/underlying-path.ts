/** One session of the underlying: irregular quote events carrying log-price steps shaped by the U-curve and the regime. */
import { createRng, normal } from '../../core/rng.js';
import { ACTIVITY_NORM, VOLATILITY_NORM, rawIntradayShape } from './intraday-shape.js';
import { REGIME_PARAMS, SimRegime, drawTrendStrength, nextRegime, openingRegime, regimeDurationMs } from './regime.js';
import { TRADING_DAYS_PER_YEAR } from './time-to-expiry.js';

/** Share of a day's variance carried by the overnight gap; the session carries the rest. */
export const OVERNIGHT_VARIANCE_SHARE = 0.15;
/**
 * Trends and volatile bursts add more variance than ranging mean reversion removes: measured over
 * 2000 seeded sessions the open→close standard deviation came out 1.122× the base, so the base
 * volatility is scaled back to make a session carry (1 − overnight share) × σ² / 252.
 */
const REGIME_VOL_CALIBRATION = 1 / 1.122;

export interface PathSpec {
  /** Opening level, minor units. */
  readonly open: number;
  readonly sessionMs: number;
  /** Close-to-close annualised volatility over 252 sessions (gap included). */
  readonly annualVolatility: number;
  /** Mean quote events per second over the session (the U-shape and regimes modulate it). */
  readonly eventsPerSecond: number;
  /** Log drift over the whole session (the day's small directional bias). */
  readonly dayDrift: number;
}

/** A regime and the session offset (ms) it started at. */
export interface RegimeSpan {
  readonly startMs: number;
  readonly regime: SimRegime;
}

/** Event arrays of one session; event 0 is the open at offset 0. */
export interface DayPath {
  readonly count: number;
  /** Offset from the session open, ms; strictly increasing and below sessionMs. */
  readonly t: Int32Array;
  /** Index level, minor units, unrounded. */
  readonly price: Float64Array;
  readonly regime: Uint8Array;
  readonly open: number;
  readonly close: number;
  readonly spans: readonly RegimeSpan[];
}

const REGIME_LIST = [SimRegime.TREND_UP, SimRegime.TREND_DOWN, SimRegime.RANGING, SimRegime.VOLATILE].map((r) => REGIME_PARAMS[r]);

/** Simulates one session from `seed`; the same seed and spec always give the same path. */
export function simulateDayPath(seed: number, spec: PathSpec): DayPath {
  const rng = createRng(seed);
  const sessionS = spec.sessionMs / 1000;
  const sigmaPerS =
    (spec.annualVolatility * Math.sqrt(1 - OVERNIGHT_VARIANCE_SHARE) * REGIME_VOL_CALIBRATION) / Math.sqrt(TRADING_DAYS_PER_YEAR * sessionS);
  const driftPerS = spec.dayDrift / sessionS;

  let capacity = Math.ceil(spec.eventsPerSecond * sessionS * 2) + 1024;
  let t = new Int32Array(capacity);
  let price = new Float64Array(capacity);
  let regimes = new Uint8Array(capacity);
  let count = 0;
  const push = (ms: number, level: number, regime: SimRegime): void => {
    if (count === capacity) {
      capacity *= 2;
      const nt = new Int32Array(capacity);
      nt.set(t);
      t = nt;
      const np = new Float64Array(capacity);
      np.set(price);
      price = np;
      const nr = new Uint8Array(capacity);
      nr.set(regimes);
      regimes = nr;
    }
    t[count] = ms;
    price[count] = level;
    regimes[count] = regime;
    count++;
  };

  let regime = openingRegime(rng);
  let regimeEnd = regimeDurationMs(regime, rng);
  let strength = drawTrendStrength(regime, rng);
  let x = Math.log(spec.open);
  let anchor = x;
  let shock = 0;
  let ms = 0;
  const spans: RegimeSpan[] = [{ startMs: 0, regime }];
  push(0, spec.open, regime);

  // Per-regime constants of the AR(1) shocks: innovation weight and the scale keeping long-run variance.
  const innovation = REGIME_LIST.map((p) => Math.sqrt(1 - p.phi * p.phi));
  const shockScale = REGIME_LIST.map((p) => Math.sqrt((1 - p.phi) / (1 + p.phi)));

  for (;;) {
    const shape = rawIntradayShape(ms / spec.sessionMs);
    const rate = spec.eventsPerSecond * shape * ACTIVITY_NORM * REGIME_PARAMS[regime].rateMult;
    const dtMs = Math.max(1, Math.round((-Math.log(1 - rng.next()) * 1000) / rate));
    ms += dtMs;
    if (ms >= spec.sessionMs) break;
    if (ms >= regimeEnd) {
      regime = nextRegime(regime, rng);
      regimeEnd = ms + regimeDurationMs(regime, rng);
      strength = drawTrendStrength(regime, rng);
      anchor = x;
      spans.push({ startMs: ms, regime });
    }
    const p = REGIME_PARAMS[regime];
    const dt = dtMs / 1000;
    const sigma = sigmaPerS * shape * VOLATILITY_NORM * p.sigmaMult;
    // AR(1) shocks make streaks; the scale keeps the long-run variance at sigma² per second.
    shock = p.phi * shock + (innovation[regime] ?? 1) * normal(rng);
    let dx = (driftPerS + strength * sigma) * dt + sigma * Math.sqrt(dt) * shock * (shockScale[regime] ?? 1);
    if (p.reversionHalfLifeS > 0) dx -= (Math.LN2 / p.reversionHalfLifeS) * (x - anchor) * dt;
    x += dx;
    push(ms, Math.exp(x), regime);
  }

  return {
    count,
    t: t.subarray(0, count),
    price: price.subarray(0, count),
    regime: regimes.subarray(0, count),
    open: spec.open,
    close: price[count - 1] ?? spec.open,
    spans,
  };
}
