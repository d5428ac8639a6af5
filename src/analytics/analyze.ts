/** The analytics report of one trade book (the agent's or the manual one): filter, then every figure from one implementation. */
import type { ClosedTradeRecord, TradeEventRecord, TradeFilter } from '../core/model/book-records.js';
import { positiveInteger } from './analytics-args.js';
import type { BreakdownRow } from './breakdown-row.js';
import { equitySeries, type EquityPoint } from './equity-series.js';
import { executionQuality, type ExecutionQuality } from './execution-quality.js';
import { inExitOrder } from './exit-order.js';
import { byExitReason, byPreset, byRegime, bySide, byUnderlying } from './key-breakdowns.js';
import { pnlDistribution, type PnlBucket } from './pnl-distribution.js';
import { byDayOfWeek, byTimeOfDay } from './time-breakdowns.js';
import { filterEvents, filterTrades } from './trade-filter.js';
import { summary, type TradeSummary } from './trade-summary.js';

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
  readonly byUnderlying: BreakdownRow[];
  readonly execution: ExecutionQuality;
}

/** Validates the arguments first (RangeError naming the field), applies the filter to trades and events, and builds the report. */
export function analyze(input: AnalyzeInput): AnalyticsReport {
  const bucketMinor = positiveInteger('bucketMinor', input.bucketMinor ?? DEFAULT_BUCKET_MINOR);
  const intervalMin = positiveInteger('intervalMin', input.intervalMin ?? DEFAULT_INTERVAL_MIN, 1440);
  const filter = input.filter ?? {};
  // Sorted once here, so summary and equitySeries find the trades already in exit order.
  const trades = inExitOrder(filterTrades(input.trades, filter));
  return {
    filter,
    bucketMinor,
    intervalMin,
    summary: summary(trades),
    equity: equitySeries(trades),
    distribution: pnlDistribution(trades, bucketMinor),
    bySide: bySide(trades),
    byExitReason: byExitReason(trades),
    byTimeOfDay: byTimeOfDay(trades, intervalMin),
    byDayOfWeek: byDayOfWeek(trades),
    byRegime: byRegime(trades),
    byPreset: byPreset(trades),
    byUnderlying: byUnderlying(trades),
    execution: executionQuality(filterEvents(input.events, filter)),
  };
}
