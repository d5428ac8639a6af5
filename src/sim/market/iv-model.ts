/** Implied volatility: a slowly wandering at-the-money level (noise, regime, spot-down-vol-up) and a mild put-skewed smile. */
import { createRng, normal } from '../../core/rng.js';
import { REGIME_PARAMS, SimRegime } from './regime.js';
import type { DayPath } from './underlying-path.js';

/** Relative IV change per unit log-return of the index (index −1 % → IV about +4 %). */
const SPOT_VOL_BETA = 4;
/** Stationary standard deviation and time constant of the log-IV noise. */
const NOISE_SD = 0.04;
const NOISE_TAU_S = 1800;
/** Seconds for the IV to adjust to a new regime. */
const REGIME_TAU_S = 90;
const IV_MIN = 0.03;
const IV_MAX = 2;

/** Smile coefficients in standardised moneyness m = ln(K/S)/(σ√T): IV × (1 + SKEW·m + CURVATURE·m²). */
export const SMILE_SKEW = -0.06;
export const SMILE_CURVATURE = 0.03;
const MONEYNESS_CAP = 4;

/** Smile multiplier for standardised moneyness `m` (capped at ±4 so expiry-day wings stay finite). */
export function smileMultiplier(m: number): number {
  const c = m > MONEYNESS_CAP ? MONEYNESS_CAP : m < -MONEYNESS_CAP ? -MONEYNESS_CAP : m;
  return 1 + SMILE_SKEW * c + SMILE_CURVATURE * c * c;
}

/** At-the-money IV at every event of `path`, starting the day at `dayIv`. */
export function atmIvPath(seed: number, path: DayPath, dayIv: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(path.count);
  const lnOpen = Math.log(path.open);
  let noise = NOISE_SD * normal(rng);
  let regimeLevel = REGIME_PARAMS[(path.regime[0] ?? SimRegime.RANGING) as SimRegime].ivMult;
  let prevMs = 0;
  for (let j = 0; j < path.count; j++) {
    const ms = path.t[j] ?? 0;
    const dt = (ms - prevMs) / 1000;
    prevMs = ms;
    if (dt > 0) {
      const keep = Math.exp(-dt / NOISE_TAU_S);
      noise = noise * keep + NOISE_SD * Math.sqrt(1 - keep * keep) * normal(rng);
      const target = REGIME_PARAMS[(path.regime[j] ?? SimRegime.RANGING) as SimRegime].ivMult;
      regimeLevel += (target - regimeLevel) * (1 - Math.exp(-dt / REGIME_TAU_S));
    }
    const lnRet = Math.log(path.price[j] ?? path.open) - lnOpen;
    const iv = dayIv * regimeLevel * Math.exp(noise - SPOT_VOL_BETA * lnRet);
    out[j] = iv < IV_MIN ? IV_MIN : iv > IV_MAX ? IV_MAX : iv;
  }
  return out;
}
