/** Backtest performance metrics over closed trades and the replayed trading dates: sums, trade statistics, risk ratios, drawdown, exposure. */
import type { ClosedTrade } from '../../core/model/events.js';
import { tradeMetrics } from '../../analytics/trade-metrics.js';
import { requireInteger, requirePositive } from './argument-checks.js';
import { cagr, calmarRatio } from './cagr.js';
import { dailyReturns } from './daily-returns.js';
import { equityDrawdown } from './drawdown.js';
import { tradesInExitOrder } from './exit-order.js';
import { exposure } from './exposure.js';
import { sharpeRatio } from './sharpe-ratio.js';
import { sortinoRatio } from './sortino-ratio.js';
import { systemQualityNumber } from './system-quality.js';
import { tradeAverages } from './trade-averages.js';
import { tradingDayNumbers } from './trading-dates.js';

/** Trading days per year used to annualize daily ratios unless the caller says otherwise. */
export const DEFAULT_ANNUALIZATION = 252;

export interface BacktestMetricsInput {
  readonly trades: readonly ClosedTrade[];
  /** Every trading date replayed (exchange local YYYY-MM-DD), strictly ascending, days without trades included; at least one. */
  readonly dates: readonly string[];
  /** Fixed UTC offset of the exchange, minutes (IST 330): bins trades into dates by exit time. */
  readonly utcOffsetMin: number;
  /** Account size that turns P&L into returns, minor units, integer > 0. */
  readonly capital: number;
  /** Length of the regular session, ms, > 0 (for exposure). */
  readonly sessionMs: number;
  /** Periods per year for Sharpe and Sortino; default 252. */
  readonly annualization?: number;
}

/** Money in integer minor units (averages may be fractional); ratios plain numbers; undefined statistics null, never NaN/∞. */
export interface BacktestMetrics {
  /** Closed trades, N (also the N of the SQN). */
  readonly trades: number;
  /** Trades with net P&L > 0. */
  readonly wins: number;
  /** Trades with net P&L ≤ 0 (break-even counts as a loss). */
  readonly losses: number;
  /** Trading dates replayed. */
  readonly days: number;
  /** trades / days. */
  readonly tradesPerDay: number;
  /** Σ net P&L. */
  readonly netPnl: number;
  /** Σ gross P&L. */
  readonly grossPnl: number;
  /** Σ charges. */
  readonly charges: number;
  /** wins / trades, 0..1 (0 with no trades). */
  readonly winRate: number;
  /** Σ net wins / |Σ net losses|; null when the losses sum to 0. */
  readonly profitFactor: number | null;
  /** Mean net P&L per trade = avgWin · winRate + avgLoss · lossRate (0 with no trades). */
  readonly expectancy: number;
  /** Mean net P&L of the wins (0 when none). */
  readonly avgWin: number;
  /** Mean net P&L of the losses, ≤ 0 (0 when none). */
  readonly avgLoss: number;
  /** √N · mean / sample std of per-trade net P&L; null when N < 2 or the std is 0. */
  readonly sqn: number | null;
  /** Daily-return Sharpe, sample std, × √annualization; null with < 2 days or std < 1e-12. */
  readonly sharpe: number | null;
  /** Daily-return Sortino (downside over all N days) × √annualization; null with < 2 days or no downside. */
  readonly sortino: number | null;
  /** The annualization factor used (periods per year). */
  readonly annualization: number;
  /** Largest fall of cumulative net P&L in exit order, minor units, ≥ 0. */
  readonly maxDrawdown: number;
  /** Largest fall of equity (capital + cumulative net P&L) as a fraction of its running peak, ≥ 0 (0.05 = 5%). */
  readonly maxDrawdownPct: number;
  /** (final equity / capital)^(365 / calendar days, first to last date inclusive) − 1; null on overflow. */
  readonly cagr: number | null;
  /** cagr / maxDrawdownPct; null when the drawdown is 0. */
  readonly calmar: number | null;
  /** Time with a position open / (sessionMs × days), 0..1. */
  readonly exposure: number;
}

function checkInput(input: BacktestMetricsInput): { annualization: number; calendarDays: number } {
  const days = tradingDayNumbers(input.dates, 'dates');
  if (days.length === 0) throw new RangeError('dates must hold at least one trading date');
  requireInteger(input.capital, 'capital', 1);
  requirePositive(input.sessionMs, 'sessionMs');
  if (!Number.isSafeInteger(input.utcOffsetMin)) throw new RangeError(`utcOffsetMin must be an integer, got ${input.utcOffsetMin}`);
  const annualization = input.annualization ?? DEFAULT_ANNUALIZATION;
  requirePositive(annualization, 'annualization');
  for (const t of input.trades) {
    if (!(t.exitTs >= t.entryTs)) throw new RangeError(`trades: trade ${t.id} has exitTs ${t.exitTs} before entryTs ${t.entryTs}`);
  }
  return { annualization, calendarDays: days[days.length - 1]! - days[0]! + 1 };
}

/** Computes every metric of a backtest; throws a RangeError naming the field on bad input (see docs/metrics.md). */
export function backtestMetrics(input: BacktestMetricsInput): BacktestMetrics {
  const { annualization, calendarDays } = checkInput(input);
  const { dates, capital } = input;
  const trades = tradesInExitOrder(input.trades);
  const base = tradeMetrics(trades);
  const pnls = Float64Array.from(trades, (t) => t.netPnl);
  const averages = tradeAverages(pnls);
  const returns = dailyReturns(trades, dates, input.utcOffsetMin, capital);
  const drawdown = equityDrawdown(pnls, capital);
  const growth = cagr(capital, capital + base.netPnl, calendarDays);
  return {
    trades: base.trades,
    wins: base.wins,
    losses: base.losses,
    days: dates.length,
    tradesPerDay: base.trades / dates.length,
    netPnl: base.netPnl,
    grossPnl: base.grossPnl,
    charges: base.charges,
    winRate: base.winRate,
    profitFactor: base.profitFactor,
    expectancy: averages.expectancy,
    avgWin: averages.avgWin,
    avgLoss: averages.avgLoss,
    sqn: systemQualityNumber(pnls),
    sharpe: sharpeRatio(returns, annualization),
    sortino: sortinoRatio(returns, annualization),
    annualization,
    maxDrawdown: drawdown.money,
    maxDrawdownPct: drawdown.pct,
    cagr: growth,
    calmar: calmarRatio(growth, drawdown.pct),
    exposure: exposure(trades, input.sessionMs, dates.length),
  };
}
