/**
 * A deliberately naive re-implementation of the analytics for the tests: plain loops, arrays, Date for the calendar,
 * a different bucket formula and different orderings — written without looking at the module's structure.
 */
import type { AnalyticsReport } from '../../src/analytics/analyze.js';
import type { BreakdownRow } from '../../src/analytics/breakdown-row.js';
import type { EquityPoint } from '../../src/analytics/equity-series.js';
import type { ExecutionQuality, LatencyStats, SlippageStats } from '../../src/analytics/execution-quality.js';
import type { PnlBucket } from '../../src/analytics/pnl-distribution.js';
import type { TradeSummary } from '../../src/analytics/trade-summary.js';
import type { ClosedTradeRecord, TradeEventRecord, TradeFilter } from '../../src/core/model/book-records.js';

type Rec = ClosedTradeRecord | TradeEventRecord;

export function naiveFilter<T extends Rec>(records: readonly T[], filter: TradeFilter, timeOf: (r: T) => number): T[] {
  const result: T[] = [];
  for (const r of records) {
    let ok = true;
    for (const [k, v] of Object.entries(filter)) {
      if (v === undefined) continue;
      if (k === 'fromTs') ok = ok && timeOf(r) >= (v as number);
      else if (k === 'toTs') ok = ok && timeOf(r) < (v as number);
      else ok = ok && (r as unknown as Record<string, unknown>)[k] === v;
    }
    if (ok) result.push(r);
  }
  return result;
}

/** Exit order: group by exit time, times ascending, ids inside a group by the default (code-unit) sort. */
export function naiveExitOrder(trades: readonly ClosedTradeRecord[]): ClosedTradeRecord[] {
  const groups = new Map<number, ClosedTradeRecord[]>();
  for (const t of trades) groups.set(t.exitTs, [...(groups.get(t.exitTs) ?? []), t]);
  const times = [...groups.keys()].sort((a, b) => a - b);
  const out: ClosedTradeRecord[] = [];
  for (const ts of times) {
    const group = groups.get(ts)!;
    const ids = group.map((t) => t.tradeId).sort();
    const used = new Set<ClosedTradeRecord>();
    for (const id of ids) {
      const t = group.find((g) => g.tradeId === id && !used.has(g))!;
      used.add(t);
      out.push(t);
    }
  }
  return out;
}

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export function naiveSummary(input: readonly ClosedTradeRecord[]): TradeSummary {
  const trades = naiveExitOrder(input);
  const nets = trades.map((t) => t.netPnl);
  const winners = nets.filter((p) => p > 0);
  const losers = nets.filter((p) => p <= 0);
  // Drawdown: equity after each trade against the best equity so far (starting at 0).
  let cumulative = 0;
  let best = 0;
  let worstFall = 0;
  for (const p of nets) {
    cumulative = cumulative + p;
    best = Math.max(best, cumulative);
    worstFall = Math.max(worstFall, best - cumulative);
  }
  const streaks = nets.map((p) => (p > 0 ? 'W' : 'L')).join('').split('W');
  const lossSum = total(losers);
  return {
    trades: trades.length,
    wins: winners.length,
    losses: losers.length,
    winRate: trades.length ? winners.length / trades.length : 0,
    grossPnl: total(trades.map((t) => t.grossPnl)),
    charges: total(trades.map((t) => t.charges)),
    netPnl: total(nets),
    profitFactor: lossSum === 0 ? null : total(winners) / Math.abs(lossSum),
    expectancy: trades.length ? total(nets) / trades.length : 0,
    avgWin: winners.length ? total(winners) / winners.length : 0,
    avgLoss: losers.length ? lossSum / losers.length : 0,
    largestWin: winners.length ? Math.max(...winners) : 0,
    largestLoss: losers.length ? Math.min(...losers) : 0,
    maxConsecutiveLosses: Math.max(0, ...streaks.map((s) => s.length)),
    avgHoldMs: trades.length ? total(trades.map((t) => t.exitTs - t.entryTs)) / trades.length : 0,
    maxDrawdown: worstFall,
  };
}

export function naiveEquity(input: readonly ClosedTradeRecord[]): EquityPoint[] {
  const trades = naiveExitOrder(input);
  const points: EquityPoint[] = [];
  for (let i = 0; i < trades.length; i++) {
    // Quadratic on purpose: re-add the whole prefix and rescan every earlier point.
    let equity = 0;
    for (let j = 0; j <= i; j++) equity += trades[j]!.netPnl;
    let peak = Math.max(0, equity);
    for (const p of points) peak = Math.max(peak, p.equity);
    points.push({ ts: trades[i]!.exitTs, tradeId: trades[i]!.tradeId, equity, drawdown: equity - peak });
  }
  return points;
}

export function naiveDistribution(trades: readonly ClosedTradeRecord[], bucket: number): PnlBucket[] {
  const out: { from: number; count: number; netPnl: number }[] = [];
  for (const t of trades) {
    const from = t.netPnl - (((t.netPnl % bucket) + bucket) % bucket);
    const row = out.find((r) => r.from === from);
    if (row) {
      row.count += 1;
      row.netPnl += t.netPnl;
    } else out.push({ from, count: 1, netPnl: t.netPnl });
  }
  return out.sort((a, b) => a.from - b.from);
}

function row(key: string, group: readonly ClosedTradeRecord[]): BreakdownRow {
  const wins = group.filter((t) => t.netPnl > 0).length;
  const netPnl = total(group.map((t) => t.netPnl));
  return {
    key,
    trades: group.length,
    wins,
    winRate: wins / group.length,
    netPnl,
    grossPnl: total(group.map((t) => t.grossPnl)),
    charges: total(group.map((t) => t.charges)),
    avgNetPnl: netPnl / group.length,
  };
}

function groupRows(trades: readonly ClosedTradeRecord[], keyOf: (t: ClosedTradeRecord) => string): BreakdownRow[] {
  const keys = [...new Set(trades.map(keyOf))];
  return keys.map((k) => row(k, trades.filter((t) => keyOf(t) === k)));
}

const byCountThenKey = (a: BreakdownRow, b: BreakdownRow): number =>
  a.trades !== b.trades ? b.trades - a.trades : a.key < b.key ? -1 : 1;

/** Local wall-clock of the entry through Date, shifting by the record's offset. */
const localEntry = (t: ClosedTradeRecord): Date => new Date(t.entryTs + t.utcOffsetMin * 60_000);

export function naiveTimeOfDay(trades: readonly ClosedTradeRecord[], intervalMin: number): BreakdownRow[] {
  return groupRows(trades, (t) => {
    const d = localEntry(t);
    const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
    const start = minutes - (minutes % intervalMin);
    return `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
  }).sort((a, b) => (a.key < b.key ? -1 : 1));
}

const NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEK = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function naiveDayOfWeek(trades: readonly ClosedTradeRecord[]): BreakdownRow[] {
  return groupRows(trades, (t) => NAMES[localEntry(t).getUTCDay()]!).sort((a, b) => WEEK.indexOf(a.key) - WEEK.indexOf(b.key));
}

function sortedCopy(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function med(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = sortedCopy(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest rank: first sorted value at which at least 95% of the samples are at or below. */
function p95(xs: readonly number[]): number {
  const s = sortedCopy(xs);
  for (let i = 0; i < s.length; i++) if ((i + 1) * 100 >= 95 * s.length) return s[i]!;
  return 0;
}

function slipStats(items: readonly { slip: number; qty: number }[]): SlippageStats {
  const slips = items.map((x) => x.slip);
  return {
    fills: items.length,
    meanSlippage: items.length ? total(slips) / items.length : 0,
    medianSlippage: med(slips),
    p95Slippage: p95(slips),
    totalSlippageCost: total(items.map((x) => x.slip * x.qty)),
  };
}

export function naiveExecution(events: readonly TradeEventRecord[]): ExecutionQuality {
  const withSignal = events
    .filter((e) => e.signalPrice !== null)
    .map((e) => ({ action: e.action, qty: e.qty, slip: e.action === 'BUY' ? e.price - e.signalPrice! : e.signalPrice! - e.price }));
  const lats = events.filter((e) => e.latencyMs !== null).map((e) => e.latencyMs!);
  const latency: LatencyStats = {
    fills: lats.length,
    meanMs: lats.length ? total(lats) / lats.length : 0,
    medianMs: med(lats),
    p95Ms: p95(lats),
    maxMs: lats.length ? Math.max(...lats) : 0,
  };
  return {
    slippage: slipStats(withSignal),
    byAction: {
      BUY: slipStats(withSignal.filter((x) => x.action === 'BUY')),
      SELL: slipStats(withSignal.filter((x) => x.action === 'SELL')),
    },
    latency,
  };
}

export function naiveAnalyze(
  allTrades: readonly ClosedTradeRecord[],
  allEvents: readonly TradeEventRecord[],
  filter: TradeFilter,
  bucketMinor: number,
  intervalMin: number,
): AnalyticsReport {
  const trades = naiveFilter(allTrades, filter, (t) => t.exitTs);
  const events = naiveFilter(allEvents, filter, (e) => e.ts);
  return {
    filter,
    bucketMinor,
    intervalMin,
    summary: naiveSummary(trades),
    equity: naiveEquity(trades),
    distribution: naiveDistribution(trades, bucketMinor),
    bySide: groupRows(trades, (t) => t.side).sort((a, b) => (a.key < b.key ? -1 : 1)),
    byExitReason: groupRows(trades, (t) => t.exitReason).sort(byCountThenKey),
    byTimeOfDay: naiveTimeOfDay(trades, intervalMin),
    byDayOfWeek: naiveDayOfWeek(trades),
    byRegime: groupRows(trades, (t) => t.regime).sort(byCountThenKey),
    byPreset: groupRows(trades, (t) => t.preset ?? '(none)').sort(byCountThenKey),
    byParamsVersion: groupRows(trades, (t) => t.paramsVersion ?? '(none)').sort(byCountThenKey),
    byUnderlying: groupRows(trades, (t) => t.underlying).sort(byCountThenKey),
    execution: naiveExecution(events),
  };
}
