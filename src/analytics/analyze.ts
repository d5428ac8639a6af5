/** The analytics report of one trade book (the agent's or the manual one): filter, then every figure from one implementation. */
import type { ClosedTradeRecord, TradeEventRecord, TradeFilter } from '../core/model/book-records.js';
import { positiveInteger } from './analytics-args.js';
import type { BreakdownRow } from './breakdown-row.js';
import { EquityAccumulator, type EquityPoint } from './equity-series.js';
import { executionQuality, type ExecutionQuality } from './execution-quality.js';
import { inExitOrder } from './exit-order.js';
import {
  exitReasonBreakdown,
  paramsVersionBreakdown, presetBreakdown,
  regimeBreakdown,
  sideBreakdown,
  underlyingBreakdown,
} from './key-breakdowns.js';
import { PnlDistributionAccumulator, type PnlBucket } from './pnl-distribution.js';
import { DayOfWeekBreakdown, TimeOfDayBreakdown } from './time-breakdowns.js';
import { filterEvents, filterTrades } from './trade-filter.js';
import { SummaryAccumulator, type TradeSummary } from './trade-summary.js';

/** Default P&L bucket: 50 rupees. */
export const DEFAULT_BUCKET_MINOR = 5000;
/** Default time-of-day slot, minutes. */
export const DEFAULT_INTERVAL_MIN = 30;

export interface AnalyzeInput {
  readonly trades: readonly ClosedTradeRecord[];
  readonly events: readonly TradeEventRecord[];
  readonly filter?: TradeFilter;
  /** P&L bucket width, minor units, positive integer (default 5000). */
  readonly bucketMinor?: number;
  /** Time-of-day slot, minutes, integer 1..1440 (default 30). */
  readonly intervalMin?: number;
}

export interface AnalyticsReport {
  /** The filter applied ({} when none). */
  readonly filter: TradeFilter;
  readonly bucketMinor: number;
  readonly intervalMin: number;
  readonly summary: TradeSummary;
  readonly equity: EquityPoint[];
  readonly distribution: PnlBucket[];
  readonly bySide: BreakdownRow[];
  readonly byExitReason: BreakdownRow[];
  readonly byTimeOfDay: BreakdownRow[];
  readonly byDayOfWeek: BreakdownRow[];
  readonly byRegime: BreakdownRow[];
  readonly byPreset: BreakdownRow[];
  readonly byParamsVersion: BreakdownRow[];
  readonly byUnderlying: BreakdownRow[];
  readonly execution: ExecutionQuality;
}

/**
 * Validates the arguments first (RangeError naming the field), applies the filter to trades and events, and builds
 * every trade figure in one pass over the filtered trades in exit order (the same accumulators as the standalone functions).
 */
export function analyze(input: AnalyzeInput): AnalyticsReport {
  const bucketMinor = positiveInteger('bucketMinor', input.bucketMinor ?? DEFAULT_BUCKET_MINOR);
  const intervalMin = positiveInteger('intervalMin', input.intervalMin ?? DEFAULT_INTERVAL_MIN, 1440);
  const filter = input.filter ?? {};
  const trades = inExitOrder(filterTrades(input.trades, filter));
  const sum = new SummaryAccumulator();
  const equity = new EquityAccumulator(trades.length);
  const distribution = new PnlDistributionAccumulator(bucketMinor);
  const side = sideBreakdown();
  const reason = exitReasonBreakdown();
  const timeOfDay = new TimeOfDayBreakdown(intervalMin);
  const dayOfWeek = new DayOfWeekBreakdown();
  const regime = regimeBreakdown();
  const preset = presetBreakdown();
  const version = paramsVersionBreakdown();
  const underlying = underlyingBreakdown();
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    sum.add(t);
    equity.add(t);
    distribution.add(t);
    side.add(t);
    reason.add(t);
    timeOfDay.add(t);
    dayOfWeek.add(t);
    regime.add(t);
    preset.add(t);
    version.add(t);
    underlying.add(t);
  }
  return {
    filter,
    bucketMinor,
    intervalMin,
    summary: sum.result(),
    equity: equity.result(),
    distribution: distribution.result(),
    bySide: side.result(),
    byExitReason: reason.result(),
    byTimeOfDay: timeOfDay.result(),
    byDayOfWeek: dayOfWeek.result(),
    byRegime: regime.result(),
    byPreset: preset.result(),
    byParamsVersion: version.result(),
    byUnderlying: underlying.result(),
    execution: executionQuality(filterEvents(input.events, filter)),
  };
}
