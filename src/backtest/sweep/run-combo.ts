/** Runs one sweep combo: the base parameters plus its overrides over the days, summarised with a hash of the trade log. */
import { paramsVersion } from '../../core/params/params-version.js';
import { withOverrides, type Params } from '../../core/params/schema.js';
import type { TickColumns } from '../../sim/market/tick-columns.js';
import { runColumns, type RunWorld } from '../run-days.js';
import type { AxisValue } from './axis-rules.js';
import { tradeLogHash } from './trade-log-hash.js';

/** The outcome of one combo. Money is in minor units (paise), exact integers, as in TradeMetrics. */
export interface SweepResult {
  readonly index: number;
  readonly overrides: Readonly<Record<string, AxisValue>>;
  /** Version id of the full parameter set the combo ran with. */
  readonly paramsVersion: string;
  readonly trades: number;
  readonly netPnl: number;
  readonly grossPnl: number;
  readonly charges: number;
  /** Share of trades with net P&L > 0, 0..1. */
  readonly winRate: number;
  /** Σ net wins / |Σ net losses|; null with no losing trade. */
  readonly profitFactor: number | null;
  readonly maxDrawdown: number;
  /** FNV-1a 64 (hex) of the canonical log of every trade and fill: equal hashes, identical runs. */
  readonly tradeLogHash: string;
}

/** Validates `base + overrides` (throws InvalidParamsError) and backtests it with `runColumns`. */
export function runCombo(
  base: Params,
  overrides: Readonly<Record<string, AxisValue>>,
  days: Iterable<TickColumns>,
  world: RunWorld,
  index = 0,
): SweepResult {
  const params = withOverrides(base, overrides);
  const { trades, metrics } = runColumns(params, days, world);
  return {
    index,
    overrides,
    paramsVersion: paramsVersion(params),
    trades: metrics.trades,
    netPnl: metrics.netPnl,
    grossPnl: metrics.grossPnl,
    charges: metrics.charges,
    winRate: metrics.winRate,
    profitFactor: metrics.profitFactor,
    maxDrawdown: metrics.maxDrawdown,
    tradeLogHash: tradeLogHash(trades),
  };
}
