/** Market regimes of the simulated underlying and the Markov chain that switches between them every few minutes. */
import type { Rng } from '../../core/ports.js';

export const SimRegime = {
  TREND_UP: 0,
  TREND_DOWN: 1,
  RANGING: 2,
  VOLATILE: 3,
} as const;
export type SimRegime = (typeof SimRegime)[keyof typeof SimRegime];

export const SIM_REGIME_NAMES = ['TREND_UP', 'TREND_DOWN', 'RANGING', 'VOLATILE'] as const;
export type SimRegimeName = (typeof SIM_REGIME_NAMES)[number];

export interface RegimeParams {
  /** Multiplier on the base diffusion volatility. */
  readonly sigmaMult: number;
  /** Lag-1 autocorrelation of the log-price shocks (streakiness); long-run variance is kept. */
  readonly phi: number;
  /** Multiplier on the quote-event rate. */
  readonly rateMult: number;
  /** Mean duration, minutes (exponential above a one-minute floor). */
  readonly meanMinutes: number;
  /** Trend drift per second in units of the current per-second volatility: [low, high], signed by direction. */
  readonly trendStrength: readonly [number, number];
  /** Ornstein–Uhlenbeck half-life back to the level the regime started at, seconds (0 = none). */
  readonly reversionHalfLifeS: number;
  /** Multiplier the at-the-money implied volatility drifts towards. */
  readonly ivMult: number;
}

export const REGIME_PARAMS: Readonly<Record<SimRegime, RegimeParams>> = {
  [SimRegime.TREND_UP]: { sigmaMult: 0.95, phi: 0.3, rateMult: 1.1, meanMinutes: 11, trendStrength: [0.02, 0.05], reversionHalfLifeS: 0, ivMult: 0.98 },
  [SimRegime.TREND_DOWN]: { sigmaMult: 1.05, phi: 0.3, rateMult: 1.15, meanMinutes: 9, trendStrength: [-0.055, -0.022], reversionHalfLifeS: 0, ivMult: 1.04 },
  [SimRegime.RANGING]: { sigmaMult: 0.75, phi: -0.15, rateMult: 0.85, meanMinutes: 18, trendStrength: [0, 0], reversionHalfLifeS: 240, ivMult: 0.97 },
  [SimRegime.VOLATILE]: { sigmaMult: 1.9, phi: 0.1, rateMult: 1.6, meanMinutes: 4, trendStrength: [-0.03, 0.03], reversionHalfLifeS: 0, ivMult: 1.1 },
};

/** Transition probabilities from each regime (rows sum to 1, no self-transitions). */
const TRANSITIONS: Readonly<Record<SimRegime, readonly number[]>> = {
  [SimRegime.TREND_UP]: [0, 0.1, 0.55, 0.35],
  [SimRegime.TREND_DOWN]: [0.1, 0, 0.55, 0.35],
  [SimRegime.RANGING]: [0.35, 0.35, 0, 0.3],
  [SimRegime.VOLATILE]: [0.25, 0.25, 0.5, 0],
};

/** The open is often volatile. */
const OPENING: readonly number[] = [0.2, 0.2, 0.2, 0.4];

function pick(weights: readonly number[], u: number): SimRegime {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] ?? 0;
    if (u < acc) return i as SimRegime;
  }
  return SimRegime.RANGING;
}

/** The regime a session opens in. */
export function openingRegime(rng: Rng): SimRegime {
  return pick(OPENING, rng.next());
}

/** The regime that follows `from`. */
export function nextRegime(from: SimRegime, rng: Rng): SimRegime {
  return pick(TRANSITIONS[from], rng.next());
}

/** A random duration for a regime, milliseconds. */
export function regimeDurationMs(regime: SimRegime, rng: Rng): number {
  const floorMin = 1;
  const mean = REGIME_PARAMS[regime].meanMinutes;
  const u = 1 - rng.next();
  return (floorMin - (mean - floorMin) * Math.log(u)) * 60_000;
}

/** The signed trend strength of a new regime instance. */
export function drawTrendStrength(regime: SimRegime, rng: Rng): number {
  const [lo, hi] = REGIME_PARAMS[regime].trendStrength;
  return lo + (hi - lo) * rng.next();
}
