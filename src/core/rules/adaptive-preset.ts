/** The adaptive preset's switching rule: which preset fits the recent results and the market regime. */
import type { Regime } from '../model/events.js';
import type { PresetName } from '../params/presets.js';

export interface AdaptiveInput {
  readonly consecutiveLosses: number;
  readonly winStreak: number;
  /** Net results of up to the last ten trades, oldest first. */
  readonly recent: readonly number[];
  readonly regime: Regime;
}

export interface AdaptiveChoice {
  readonly preset: PresetName;
  readonly reason: string;
  readonly recentWinRate: number;
}

/** Fewest tick-time milliseconds between two adaptive evaluations (the original's 10 s). */
export const ADAPTIVE_INTERVAL_MS = 10_000;

/**
 * The original browser engine's rules, in order: loss streaks go defensive (sniper at 3, balanced at 2);
 * a hot streak in a trend goes fast (momentum); a high or low recent win rate over ≥ 5 trades picks
 * momentum/balanced or sniper; otherwise the regime decides.
 */
export function chooseAdaptivePreset(x: AdaptiveInput): AdaptiveChoice {
  const n = x.recent.length;
  const wins = x.recent.filter((pnl) => pnl > 0).length;
  const recentWinRate = n === 0 ? 0.5 : wins / n;
  const pick = (preset: PresetName, reason: string): AdaptiveChoice => ({ preset, reason, recentWinRate });
  if (x.consecutiveLosses >= 3) return pick('sniper_quality', `${x.consecutiveLosses} consecutive losses`);
  if (x.consecutiveLosses >= 2) return pick('balanced_trader', '2 consecutive losses');
  if (x.winStreak >= 4 && x.regime === 'TRENDING') return pick('momentum_scalper', `win streak ${x.winStreak} in a trend`);
  if (n >= 5 && recentWinRate >= 0.7) {
    return x.regime === 'TRENDING' ? pick('momentum_scalper', 'high recent win rate in a trend') : pick('balanced_trader', 'high recent win rate');
  }
  if (n >= 5 && recentWinRate <= 0.3) return pick('sniper_quality', 'low recent win rate');
  switch (x.regime) {
    case 'TRENDING':
      return pick('sniper_quality', 'regime TRENDING');
    case 'VOLATILE':
      return pick('balanced_trader', 'regime VOLATILE');
    case 'RANGING':
      return pick('momentum_scalper', 'regime RANGING');
    case 'UNKNOWN':
      return pick('balanced_trader', 'regime UNKNOWN');
  }
}

/** The market regime from the two sides: a trend on either side is a trend (the underlying moves one way). */
export function marketRegime(ce: Regime, pe: Regime): Regime {
  if (ce === 'TRENDING' || pe === 'TRENDING') return 'TRENDING';
  if (ce === 'VOLATILE' || pe === 'VOLATILE') return 'VOLATILE';
  if (ce === 'RANGING' || pe === 'RANGING') return 'RANGING';
  return 'UNKNOWN';
}
