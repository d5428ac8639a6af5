/** A backtest over a replayed dataset (optionally a window of its dates): trades and the full metric set. */
import type { Params } from '../core/params/schema.js';
import type { ClosedTrade } from '../core/model/events.js';
import { parseHhMm } from '../core/calendar/exchange-time.js';
import type { ReplayDataset } from './dataset.js';
import { backtestMetrics, type BacktestMetrics } from './metrics/backtest-metrics.js';
import { runColumns, type RunWorld } from './run-days.js';

export interface DatasetRun {
  readonly dates: readonly string[];
  readonly ticks: number;
  readonly trades: readonly ClosedTrade[];
  readonly metrics: BacktestMetrics;
}

/** The dates of `dataset` within [from, to] (inclusive, YYYY-MM-DD; either may be absent). */
export function datesInWindow(dataset: ReplayDataset, from?: string, to?: string): string[] {
  return dataset.dates.filter((d) => (from === undefined || d >= from) && (to === undefined || d <= to));
}

/** Runs the kernel over the chosen dates with the paper broker; capital (minor units) turns P&L into returns. */
export function runDataset(
  dataset: ReplayDataset,
  params: Params,
  world: RunWorld,
  o: { readonly dates: readonly string[]; readonly capital: number; readonly onDay?: (daysDone: number, days: number) => void },
): DatasetRun {
  const chosen = new Set(o.dates);
  const days = dataset.days.filter((_, i) => chosen.has(dataset.dates[i]!));
  const result = runColumns(params, o.onDay === undefined ? days : reportingDays(days, o.onDay), world);
  const sessionMs = (parseHhMm(dataset.profile.sessionClose) - parseHhMm(dataset.profile.sessionOpen)) * 60_000;
  const metrics = backtestMetrics({ trades: result.trades, dates: o.dates, utcOffsetMin: dataset.profile.utcOffsetMin, capital: o.capital, sessionMs });
  return { dates: o.dates, ticks: result.ticks, trades: result.trades, metrics };
}

/** The days in order, telling `onDay` after each one has been run (and with 0 before the first). */
function* reportingDays<T>(days: readonly T[], onDay: (daysDone: number, days: number) => void): Generator<T> {
  onDay(0, days.length);
  for (let d = 0; d < days.length; d++) {
    yield days[d]!;
    onDay(d + 1, days.length);
  }
}

/**
 * Session parameters for a dataset's market: entries from 5 minutes after the open to 20 minutes before
 * the close, flatten 10 minutes before the close (the NSE defaults 09:20 / 15:10 / 15:20 follow the same
 * rule). Applied unless the caller sets them.
 */
export function sessionOverrides(dataset: ReplayDataset): { entryStart: string; entryEnd: string; flattenAt: string } {
  const open = parseHhMm(dataset.profile.sessionOpen);
  const close = parseHhMm(dataset.profile.sessionClose);
  const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return { entryStart: hhmm(open + 5), entryEnd: hhmm(close - 20), flattenAt: hhmm(close - 10) };
}
