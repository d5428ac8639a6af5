/** What a backtest answers, on the simulator or on a dataset: the wire types and their zod schemas (strict, so a result is never silently trimmed). */
import { z } from 'zod';
import type { BacktestMetrics } from '../../backtest/metrics/backtest-metrics.js';
import type { WireMetrics, WireTrade } from '../trade-report.js';

export interface WireBacktestMetrics extends WireMetrics {
  readonly tradesPerDay: number;
  readonly expectancy: number;
  readonly avgWin: number;
  readonly avgLoss: number;
  readonly sqn: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  readonly cagr: number | null;
  readonly maxDrawdownPct: number;
  readonly exposure: number;
  readonly annualization: number;
}

/** A backtest on the simulator. */
export interface SimBacktestOutput {
  readonly preset: string;
  readonly paramsVersion: string;
  readonly underlying: string;
  readonly seed: number;
  readonly dates: readonly string[];
  readonly ticks: number;
  readonly currency: 'INR';
  readonly trades: readonly WireTrade[];
  readonly metrics: WireMetrics;
}

/** A backtest on a dataset. */
export interface DataBacktestOutput {
  readonly runKey: string;
  readonly cached: boolean;
  readonly dataset: { readonly name: string; readonly description: string; readonly synthetic: boolean; readonly dataHash: string };
  readonly preset: string;
  readonly paramsVersion: string;
  readonly seed: number;
  readonly dates: readonly string[];
  readonly ticks: number;
  readonly currency: string;
  /** The exchange's UTC offset for the dataset's dates (for printing local times). */
  readonly utcOffsetMin: number;
  readonly chargesModel: string;
  readonly trades: readonly WireTrade[];
  readonly metrics: WireBacktestMetrics;
}

const r4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000);

export function toWireBacktestMetrics(m: BacktestMetrics, base: WireMetrics): WireBacktestMetrics {
  return {
    ...base,
    tradesPerDay: r4(m.tradesPerDay) ?? 0,
    expectancy: Math.round(m.expectancy) / 100,
    avgWin: Math.round(m.avgWin) / 100,
    avgLoss: Math.round(m.avgLoss) / 100,
    sqn: r4(m.sqn),
    sharpe: r4(m.sharpe),
    sortino: r4(m.sortino),
    calmar: r4(m.calmar),
    cagr: r4(m.cagr),
    maxDrawdownPct: r4(m.maxDrawdownPct) ?? 0,
    exposure: r4(m.exposure) ?? 0,
    annualization: m.annualization,
  };
}

const money = (what: string) => z.number().describe(`${what}, in the run’s currency (rupees for Indian data), 2 decimals.`);

const FillSchema = z
  .object({
    ts: z.number().describe('Fill time, epoch ms.'),
    action: z.enum(['BUY', 'SELL']).describe('BUY or SELL.'),
    qty: z.number().describe('Units filled.'),
    price: money('Fill price'),
  })
  .strict()
  .describe('One fill.');

const TradeSchema = z
  .object({
    id: z.string().describe('Trade id, e.g. 2026-01-05#3.'),
    side: z.enum(['CE', 'PE']).describe('CE or PE.'),
    symbol: z.string().describe('Option symbol.'),
    qty: z.number().describe('Largest quantity held, units.'),
    entryTs: z.number().describe('Entry time, epoch ms.'),
    entryPrice: money('Quantity-weighted entry price'),
    exitTs: z.number().describe('Exit time, epoch ms.'),
    exitPrice: money('Quantity-weighted exit price'),
    grossPnl: money('Σ SELL price×qty − Σ BUY price×qty'),
    charges: money('Charges of every fill'),
    netPnl: money('grossPnl − charges'),
    exitReason: z.string().describe('What closed the trade.'),
    fills: z.array(FillSchema).describe('Every fill of the trade.'),
  })
  .strict()
  .describe('One closed trade.');

const metricsShape = {
  trades: z.number().describe('Closed trades.'),
  grossPnl: money('Σ gross P&L'),
  charges: money('Σ charges'),
  netPnl: money('Σ net P&L'),
  winRate: z.number().describe('Trades with net P&L > 0 ÷ trades, 4 decimals.'),
  profitFactor: z.number().nullable().describe('Σ net wins ÷ |Σ net losses|, 2 decimals; null without losses.'),
  maxDrawdown: money('Largest peak-to-trough fall of net equity'),
};

const BacktestMetricsSchema = z
  .object({
    ...metricsShape,
    tradesPerDay: z.number().describe('Trades ÷ trading dates.'),
    expectancy: money('Average net P&L per trade'),
    avgWin: money('Average winning trade'),
    avgLoss: money('Average losing trade'),
    sqn: z.number().nullable().describe('√N × mean ÷ standard deviation of net P&L per trade; null with fewer than 2 trades.'),
    sharpe: z.number().nullable().describe('Annualised Sharpe ratio of daily returns on capital; null with fewer than 2 days.'),
    sortino: z.number().nullable().describe('Annualised Sortino ratio of daily returns; null with fewer than 2 days or no downside.'),
    calmar: z.number().nullable().describe('cagr ÷ maxDrawdownPct; null without a drawdown.'),
    cagr: z.number().nullable().describe('Compound annual growth of capital; null on overflow.'),
    maxDrawdownPct: z.number().describe('Largest drawdown as a fraction of peak equity (capital + net P&L).'),
    exposure: z.number().describe('Share of session time with a position open, 0..1.'),
    annualization: z.number().describe('Trading days per year used to annualise.'),
  })
  .strict()
  .describe('Metrics of the run, net of charges.');

export const SimBacktestOutputSchema = z
  .object({
    preset: z.string().describe('Preset the run started from.'),
    paramsVersion: z.string().describe('Version id (hash) of the parameter set run.'),
    underlying: z.string().describe('Underlying simulated.'),
    seed: z.number().describe('The run’s one seed (market and fills).'),
    dates: z.array(z.string()).describe('Trading dates simulated, YYYY-MM-DD.'),
    ticks: z.number().describe('Ticks replayed.'),
    currency: z.literal('INR').describe('Currency of every money figure.'),
    trades: z.array(TradeSchema).describe('Closed trades, in order.'),
    metrics: z.object(metricsShape).strict().describe('Sums over the trades.'),
  })
  .strict()
  .describe('A backtest on the simulator.');

export const DataBacktestOutputSchema = z
  .object({
    runKey: z.string().describe('Deterministic key of the run: the same data, parameters, seed, fills, charges, capital and code give the same key.'),
    cached: z.boolean().describe('True when the result was the stored one of the same run key.'),
    dataset: z
      .object({
        name: z.string().describe('The dataset reference.'),
        description: z.string().describe('What the data is.'),
        synthetic: z.boolean().describe('True when option prices were synthesised from the underlying.'),
        dataHash: z.string().describe('Hash of the data’s content.'),
      })
      .strict()
      .describe('The data run on.'),
    preset: z.string().describe('Preset the run started from.'),
    paramsVersion: z.string().describe('Version id (hash) of the parameter set run (with the dataset’s session).'),
    seed: z.number().describe('The run’s one seed.'),
    dates: z.array(z.string()).describe('Trading dates run, YYYY-MM-DD.'),
    ticks: z.number().describe('Ticks replayed.'),
    currency: z.string().describe('Currency of every money figure (INR, USD, …).'),
    utcOffsetMin: z.number().describe('The exchange’s UTC offset on the dataset’s dates, minutes.'),
    chargesModel: z.string().describe('The charges applied: rate card ids, or the dataset’s own model.'),
    trades: z.array(TradeSchema).describe('Closed trades, in order.'),
    metrics: BacktestMetricsSchema,
  })
  .strict()
  .describe('A backtest on a dataset.');

/** Either result: a simulator run has `underlying`, a dataset run has `runKey` and `dataset`. */
export const BacktestOutputSchema = z.union([SimBacktestOutputSchema, DataBacktestOutputSchema]).describe('The result of a backtest: on the simulator, or on a dataset.');
