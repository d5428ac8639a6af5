/** Use case: analytics of one book (agent or manual) with filters; every money figure in rupees, net of charges unless it says gross. */
import { z } from 'zod';
import { analyze } from '../../analytics/analyze.js';
import type { BreakdownRow } from '../../analytics/breakdown-row.js';
import type { SlippageStats } from '../../analytics/execution-quality.js';
import type { ClosedTradeRecord, TradeEventRecord, TradeFilter } from '../../core/model/book-records.js';
import { toMajor } from '../../core/model/money.js';
import { BookQuerySchema, toTradeFilter } from './book-query.js';

export const GetAnalyticsInputSchema = BookQuerySchema.extend({
  bucket: z.number().int().min(1).max(1_000_000).default(50).describe('P&L distribution bucket width, whole rupees.'),
  intervalMin: z.number().int().min(1).max(1440).default(30).describe('Time-of-day slot, minutes (exchange time).'),
}).strict();

export type GetAnalyticsInput = z.input<typeof GetAnalyticsInputSchema>;

/** A book as the analytics reads it. */
export interface AnalyticsBook {
  closedTrades(filter?: TradeFilter): ClosedTradeRecord[];
  events(filter?: TradeFilter): TradeEventRecord[];
}

export interface AnalyticsDeps {
  readonly books: { readonly auto: AnalyticsBook; readonly manual: AnalyticsBook };
}

const rupees = (minor: number): number => Math.round(minor) / 100;
const ratio = (x: number): number => Math.round(x * 10_000) / 10_000;

const row = (r: BreakdownRow) => ({
  key: r.key,
  trades: r.trades,
  wins: r.wins,
  winRate: ratio(r.winRate),
  netPnl: toMajor(r.netPnl),
  grossPnl: toMajor(r.grossPnl),
  charges: toMajor(r.charges),
  avgNetPnl: rupees(r.avgNetPnl),
});

/** Paise per unit → rupees per unit with 4 decimals (slippage is often a fraction of a paisa on average). */
const perUnit = (paise: number): number => Math.round(paise * 100) / 10_000;

const slippage = (s: SlippageStats) => ({
  fills: s.fills,
  meanPerUnit: perUnit(s.meanSlippage),
  medianPerUnit: perUnit(s.medianSlippage),
  p95PerUnit: perUnit(s.p95Slippage),
  totalCost: rupees(s.totalSlippageCost),
});

/** Runs the analytics; the filter is applied in SQL and again in memory (same semantics), so both books share one implementation. */
export function getAnalytics(deps: AnalyticsDeps, raw: GetAnalyticsInput) {
  const input = GetAnalyticsInputSchema.parse(raw);
  const filter = toTradeFilter(input);
  const book = deps.books[input.book];
  const report = analyze({ trades: book.closedTrades(filter), events: book.events(filter), filter, bucketMinor: input.bucket * 100, intervalMin: input.intervalMin });
  const s = report.summary;
  return {
    book: input.book,
    currency: 'INR' as const,
    filter: report.filter,
    summary: {
      trades: s.trades,
      wins: s.wins,
      losses: s.losses,
      winRate: ratio(s.winRate),
      grossPnl: toMajor(s.grossPnl),
      charges: toMajor(s.charges),
      netPnl: toMajor(s.netPnl),
      profitFactor: s.profitFactor === null ? null : Math.round(s.profitFactor * 100) / 100,
      expectancy: rupees(s.expectancy),
      avgWin: rupees(s.avgWin),
      avgLoss: rupees(s.avgLoss),
      largestWin: toMajor(s.largestWin),
      largestLoss: toMajor(s.largestLoss),
      maxConsecutiveLosses: s.maxConsecutiveLosses,
      avgHoldMs: Math.round(s.avgHoldMs),
      maxDrawdown: toMajor(s.maxDrawdown),
    },
    equity: report.equity.map((p) => ({ ts: p.ts, tradeId: p.tradeId, equity: toMajor(p.equity), drawdown: toMajor(p.drawdown) })),
    distribution: report.distribution.map((b) => ({ from: toMajor(b.from), count: b.count, netPnl: toMajor(b.netPnl) })),
    bySide: report.bySide.map(row),
    byExitReason: report.byExitReason.map(row),
    byTimeOfDay: report.byTimeOfDay.map(row),
    byDayOfWeek: report.byDayOfWeek.map(row),
    byRegime: report.byRegime.map(row),
    byPreset: report.byPreset.map(row),
    byParamsVersion: report.byParamsVersion.map(row),
    byUnderlying: report.byUnderlying.map(row),
    execution: {
      slippage: slippage(report.execution.slippage),
      slippageByAction: { BUY: slippage(report.execution.byAction.BUY), SELL: slippage(report.execution.byAction.SELL) },
      latency: report.execution.latency,
    },
  };
}
