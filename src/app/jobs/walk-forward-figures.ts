/** The figures a walk-forward result shows for a run: money as rupee strings (2 decimals), ratios rounded as in a backtest's metrics. */
import type { BacktestMetrics } from '../../backtest/metrics/backtest-metrics.js';
import { formatMajor } from '../../core/model/money.js';

export interface WalkForwardFigures {
  /** Trading dates of the run. */
  readonly days: number;
  readonly trades: number;
  /** Σ net P&L, rupees. */
  readonly netPnl: string;
  readonly grossPnl: string;
  readonly charges: string;
  /** Net P&L per trading date, rupees (rounded to the paisa). */
  readonly netPnlPerDay: string;
  /** Mean net P&L per trade, rupees (rounded to the paisa). */
  readonly expectancy: string;
  /** Share of trades with net P&L > 0, 0..1, 4 decimals. */
  readonly winRate: number;
  /** 2 decimals; null with no losing trade. */
  readonly profitFactor: number | null;
  /** Largest fall of cumulative net P&L, rupees. */
  readonly maxDrawdown: string;
  /** Daily Sharpe ratio, 4 decimals; null with fewer than 2 days or no variation. */
  readonly sharpe: number | null;
}

const r4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000);

/** Rupees of a possibly fractional amount of paise, rounded to the paisa as a backtest rounds its expectancy. */
export const rupees = (minor: number): string => formatMajor(Math.round(minor));

export function figuresOf(m: BacktestMetrics): WalkForwardFigures {
  return {
    days: m.days,
    trades: m.trades,
    netPnl: rupees(m.netPnl),
    grossPnl: rupees(m.grossPnl),
    charges: rupees(m.charges),
    netPnlPerDay: rupees(m.days === 0 ? 0 : m.netPnl / m.days),
    expectancy: rupees(m.expectancy),
    winRate: r4(m.winRate) ?? 0,
    profitFactor: m.profitFactor === null ? null : Math.round(m.profitFactor * 100) / 100,
    maxDrawdown: rupees(m.maxDrawdown),
    sharpe: r4(m.sharpe),
  };
}
