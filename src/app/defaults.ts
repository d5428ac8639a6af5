/** The defaults every surface assumes when the caller leaves a value out, in one place (schemas, the CLI and the daemon read them here). */
import type { PresetName } from '../core/params/presets.js';

/** The parameter preset a run, a sweep, an experiment or the service starts from. */
export const DEFAULT_PRESET: PresetName = 'nifty_normal';

/** The one seed of a simulated market and of the paper fills' slippage draws. */
export const DEFAULT_SEED = 1;

/** The first simulated date (a weekend or holiday moves to the next trading day). */
export const DEFAULT_START_DATE = '2026-01-05';

/** Trading days a simulated backtest runs. */
export const DEFAULT_BACKTEST_DAYS = 3;

/** Trading days the service simulates before it stops (about a year). */
export const DEFAULT_SERVE_DAYS = 250;

/** The paper fills of a backtest, a sweep and a walk-forward: 100 ms latency, no extra ticks, a 25 % chance of one adverse tick. */
export const DEFAULT_FILL = { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 } as const;

/** Account size (in the dataset's currency) that turns daily P&L into returns. */
export const DEFAULT_CAPITAL = 500_000;

/** The underlying a preset trades when none is named: SENSEX for the sensex_* presets, NIFTY otherwise. */
export function defaultUnderlying(preset: string): 'NIFTY' | 'SENSEX' {
  return preset.startsWith('sensex') ? 'SENSEX' : 'NIFTY';
}
