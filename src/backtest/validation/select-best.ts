/** Picks the best run of a parameter search by an objective: the highest value, ties to the lowest index. */
import type { BacktestMetrics } from '../metrics/backtest-metrics.js';

/** What a search maximises: net P&L (minor units), expectancy (net P&L per trade, minor units) or the daily Sharpe ratio. */
export const OBJECTIVES = ['netPnl', 'expectancy', 'sharpe'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** The objective's value for a run; null when it is undefined there (Sharpe with fewer than 2 days or no variation). */
export function objectiveValue(m: BacktestMetrics, objective: Objective): number | null {
  switch (objective) {
    case 'netPnl':
      return m.netPnl;
    case 'expectancy':
      return m.expectancy;
    case 'sharpe':
      return m.sharpe;
  }
}

export interface Candidate {
  /** Position in the search (combo index): breaks ties, so the pick is deterministic. */
  readonly index: number;
  readonly metrics: BacktestMetrics;
}

/**
 * The candidate with the highest objective among those with at least `minTrades` trades and a defined
 * value; equal values go to the lowest index. Undefined when none qualifies.
 */
export function selectBest<C extends Candidate>(candidates: readonly C[], objective: Objective, minTrades: number): C | undefined {
  let best: C | undefined;
  let bestValue = -Infinity;
  for (const c of candidates) {
    const value = objectiveValue(c.metrics, objective);
    if (value === null || c.metrics.trades < minTrades) continue;
    if (best === undefined || value > bestValue || (value === bestValue && c.index < best.index)) {
      best = c;
      bestValue = value;
    }
  }
  return best;
}

/** How many candidates qualify (enough trades and a defined objective). */
export function eligibleCount(candidates: readonly Candidate[], objective: Objective, minTrades: number): number {
  return candidates.filter((c) => c.metrics.trades >= minTrades && objectiveValue(c.metrics, objective) !== null).length;
}
