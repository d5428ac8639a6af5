/** Book queries: the closed trades and the analytics of either book (the agent's or the trader's manual trades). */
import { z } from 'zod';
import { GetAnalyticsInputSchema, getAnalytics, type AnalyticsDeps } from '../commands/get-analytics.js';
import { ListTradesInputSchema, listTrades, type TradesDeps } from '../commands/list-trades.js';
import { defineOperation } from '../registry/operation.js';

const money = (what: string) => z.number().describe(`${what}, rupees`);

const TradeSchema = z
  .object({
    id: z.string().describe('Trade id, e.g. 2026-01-05#3.'),
    mode: z.string().describe('PAPER or LIVE.'),
    source: z.string().describe('Who traded it: agent, or the trader’s manual source.'),
    underlying: z.string().describe('Underlying index.'),
    symbol: z.string().describe('Option symbol.'),
    side: z.string().describe('CE or PE.'),
    qty: z.number().describe('Largest quantity held, units.'),
    entryTs: z.number().describe('Entry time, epoch ms.'),
    entryPrice: money('Average entry price'),
    exitTs: z.number().describe('Exit time, epoch ms.'),
    exitPrice: money('Average exit price'),
    grossPnl: money('Σ sells − Σ buys'),
    charges: money('Charges of every fill, by the rate card of its date'),
    netPnl: money('Gross less charges'),
    exitReason: z.string().describe('What closed the trade.'),
    preset: z.string().nullable().describe('Preset in force at entry.'),
    paramsVersion: z.string().nullable().describe('Parameter version in force at entry.'),
    regime: z.string().describe('Regime of the traded side at entry.'),
  })
  .describe('One closed trade.');

export const listTradesOp = defineOperation({
  name: 'trades.list',
  summary: 'Closed trades of one book with filters (the newest `limit`), money in rupees net of charges.',
  kind: 'query',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'GET', path: '/trades' },
  input: ListTradesInputSchema,
  output: z
    .object({
      book: z.enum(['auto', 'manual']).describe('Which book.'),
      currency: z.literal('INR').describe('Currency of every money figure.'),
      total: z.number().describe('Trades matching the filters (before the limit).'),
      trades: z.array(TradeSchema).describe('The newest trades, oldest first.'),
    })
    .describe('Closed trades.'),
  handler: (deps: TradesDeps, input) => listTrades(deps, input),
});

const Row = z
  .object({
    key: z.string().describe('Group key (side, exit reason, hour, …).'),
    trades: z.number().describe('Trades in the group.'),
    wins: z.number().describe('Trades with net P&L > 0.'),
    winRate: z.number().describe('wins / trades.'),
    netPnl: money('Net P&L'),
    grossPnl: money('Gross P&L'),
    charges: money('Charges'),
    avgNetPnl: money('Average net P&L per trade'),
  })
  .describe('One group of a breakdown.');
const breakdown = (by: string) => z.array(Row).describe(`Performance grouped by ${by}.`);
const Slippage = z
  .object({
    fills: z.number().describe('Fills measured.'),
    meanPerUnit: z.number().describe('Mean adverse slippage per unit, rupees.'),
    medianPerUnit: z.number().describe('Median adverse slippage per unit, rupees.'),
    p95PerUnit: z.number().describe('95th percentile slippage per unit, rupees.'),
    totalCost: money('Total slippage cost'),
  })
  .describe('Slippage against the signal price.');

export const getAnalyticsOp = defineOperation({
  name: 'analytics.get',
  summary: 'Performance of one book net of charges: summary, equity and drawdown, distribution, breakdowns, execution quality.',
  kind: 'query',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'GET', path: '/analytics' },
  input: GetAnalyticsInputSchema,
  output: z
    .object({
      book: z.enum(['auto', 'manual']).describe('Which book.'),
      currency: z.literal('INR').describe('Currency of every money figure.'),
      filter: z.record(z.string(), z.unknown()).describe('The filter applied, as the analytics understood it.'),
      summary: z
        .object({
          trades: z.number().describe('Closed trades.'),
          wins: z.number().describe('Trades with net > 0.'),
          losses: z.number().describe('Trades with net ≤ 0.'),
          winRate: z.number().describe('wins / trades.'),
          grossPnl: money('Gross P&L'),
          charges: money('Charges'),
          netPnl: money('Net P&L'),
          profitFactor: z.number().nullable().describe('Σ wins / |Σ losses|, null without losses.'),
          expectancy: money('Average net P&L per trade'),
          avgWin: money('Average winning trade'),
          avgLoss: money('Average losing trade'),
          largestWin: money('Largest win'),
          largestLoss: money('Largest loss'),
          maxConsecutiveLosses: z.number().describe('Longest losing streak.'),
          avgHoldMs: z.number().describe('Average holding time, ms.'),
          maxDrawdown: money('Largest peak-to-trough fall of net equity'),
        })
        .describe('Totals.'),
      equity: z
        .array(
          z
            .object({
              ts: z.number().describe('Exit time, epoch ms.'),
              tradeId: z.string().describe('The trade closed then.'),
              equity: money('Cumulative net P&L'),
              drawdown: money('Fall from the running peak'),
            })
            .describe('One point of the equity curve.'),
        )
        .describe('Net equity after each trade.'),
      distribution: z
        .array(z.object({ from: money('Bucket start'), count: z.number().describe('Trades in it.'), netPnl: money('Their net P&L') }).describe('One bucket.'))
        .describe('Net P&L distribution.'),
      bySide: breakdown('side'),
      byExitReason: breakdown('exit reason'),
      byTimeOfDay: breakdown('time of day'),
      byDayOfWeek: breakdown('weekday'),
      byRegime: breakdown('regime at entry'),
      byPreset: breakdown('preset'),
      byParamsVersion: breakdown('parameter version in force at entry'),
      byUnderlying: breakdown('underlying'),
      execution: z
        .object({
          slippage: Slippage,
          slippageByAction: z.object({ BUY: Slippage, SELL: Slippage }).describe('Slippage of buys and of sells.'),
          latency: z.record(z.string(), z.unknown()).describe('Decision-to-fill latency statistics, ms.'),
        })
        .describe('Execution quality.'),
    })
    .describe('Analytics of one book.'),
  handler: (deps: AnalyticsDeps, input) => {
    const report = getAnalytics(deps, input);
    return { ...report, filter: { ...report.filter }, execution: { ...report.execution, latency: { ...report.execution.latency } } };
  },
});

export const executionQualityOp = defineOperation({
  name: 'analytics.execution',
  summary: 'Execution quality of one book: slippage against the signal price (all, buys, sells) and decision-to-fill latency.',
  kind: 'query',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'GET', path: '/analytics/execution' },
  input: GetAnalyticsInputSchema,
  output: z
    .object({
      book: getAnalyticsOp.output.shape.book,
      currency: getAnalyticsOp.output.shape.currency,
      trades: getAnalyticsOp.output.shape.summary.shape.trades,
      execution: getAnalyticsOp.output.shape.execution,
    })
    .describe('Execution quality.'),
  handler: (deps: AnalyticsDeps, input) => {
    const report = getAnalytics(deps, input);
    return { book: report.book, currency: report.currency, trades: report.summary.trades, execution: { ...report.execution, latency: { ...report.execution.latency } } };
  },
});
