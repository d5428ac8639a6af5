/** Regime of one side's premium from its recent directional ticks: TRENDING, RANGING or VOLATILE. */
import type { Regime } from '../model/events.js';
import type { WindowStats } from './directional-window.js';

/** Fewest directional ticks needed before a regime is named (the original's 10). */
export const REGIME_MIN_SAMPLES = 10;

/**
 * The original browser engine's classifier, per side: a range at or above `volatile` is TRENDING when
 * the ticks are directional (|up − down| / n > 0.3) and VOLATILE otherwise; below `ranging` is RANGING;
 * in between, TRENDING when directionality > 0.25, else RANGING. Thresholds in minor units.
 */
export function classifyRegime(stats: WindowStats, volatile: number, ranging: number): Regime {
  if (stats.count < REGIME_MIN_SAMPLES) return 'UNKNOWN';
  const range = stats.max - stats.min;
  const directionality = Math.abs(stats.up - stats.down) / (stats.up + stats.down);
  if (range >= volatile) return directionality > 0.3 ? 'TRENDING' : 'VOLATILE';
  if (range < ranging) return 'RANGING';
  return directionality > 0.25 ? 'TRENDING' : 'RANGING';
}
