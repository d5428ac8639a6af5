/** Property tests of the backtest metrics: sums over trades, order independence, scale invariance, concatenated runs, ranges. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tradeMetrics } from '../../../src/analytics/trade-metrics.js';
import { backtestMetrics, type BacktestMetrics, type BacktestMetricsInput } from '../../../src/backtest/metrics/backtest-metrics.js';
import { dailyNetPnl, dailyReturns } from '../../../src/backtest/metrics/daily-returns.js';
import { maxDrawdownPctOfCompounded } from '../../../src/backtest/metrics/drawdown.js';
import { tradesInExitOrder } from '../../../src/backtest/metrics/exit-order.js';
import { sharpeRatio } from '../../../src/backtest/metrics/sharpe-ratio.js';
import { sortinoRatio } from '../../../src/backtest/metrics/sortino-ratio.js';
import { createRng } from '../../../src/core/rng.js';
import { dateToDayNumber } from '../../../src/core/calendar/exchange-time.js';
import { IST, SESSION_MS, consecutiveDates, runArb, shiftTrade, type Run } from './closed-trade.js';

const CAPITAL = 1_000_000;
const input = (run: Run, capital = CAPITAL): BacktestMetricsInput => ({
  trades: run.trades,
  dates: run.dates,
  utcOffsetMin: IST,
  capital,
  sessionMs: SESSION_MS,
});

/** Relative closeness for ratios that may be null. */
function expectClose(actual: number | null, expected: number | null, rel = 1e-9): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

const returnsArb = fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 0, maxLength: 40 });

describe('backtestMetrics properties', () => {
  it('money figures are sums over the trades; daily P&L sums to the net; agrees with analytics tradeMetrics', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const m = backtestMetrics(input(run));
        const sum = (f: (t: (typeof run.trades)[number]) => number): number => run.trades.reduce((s, t) => s + f(t), 0);
        expect([m.netPnl, m.grossPnl, m.charges, m.trades]).toEqual([sum((t) => t.netPnl), sum((t) => t.grossPnl), sum((t) => t.charges), run.trades.length]);
        expect(m.netPnl).toBe(m.grossPnl - m.charges);
        expect(dailyNetPnl(run.trades, run.dates, IST).reduce((s, x) => s + x, 0)).toBe(m.netPnl);
        const tm = tradeMetrics(tradesInExitOrder(run.trades));
        expect({ wins: m.wins, winRate: m.winRate, profitFactor: m.profitFactor, maxDrawdown: m.maxDrawdown }).toEqual({
          wins: tm.wins, winRate: tm.winRate, profitFactor: tm.profitFactor, maxDrawdown: tm.maxDrawdown,
        });
        expect(m.tradesPerDay).toBe(run.trades.length / run.dates.length);
      }),
    );
  });

  it('expectancy is Tharp’s avgWin·winRate + avgLoss·lossRate and the mean; SQN is √N · expectancy / sample std', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const m = backtestMetrics(input(run));
        const n = run.trades.length;
        expectClose(m.expectancy, m.avgWin * m.winRate + m.avgLoss * (1 - m.winRate));
        expectClose(m.expectancy, n === 0 ? 0 : m.netPnl / n);
        expect(m.avgWin).toBeGreaterThanOrEqual(0);
        expect(m.avgLoss).toBeLessThanOrEqual(0);
        if (n >= 2) {
          const mean = m.netPnl / n;
          const sd = Math.sqrt(run.trades.reduce((s, t) => s + (t.netPnl - mean) ** 2, 0) / (n - 1));
          expectClose(m.sqn, sd === 0 ? null : (Math.sqrt(n) * mean) / sd, 1e-9);
        } else {
          expect(m.sqn).toBeNull();
        }
      }),
    );
  });

  it('the input order of trades does not matter', () => {
    fc.assert(
      fc.property(runArb, fc.integer(), (run, seed) => {
        const rng = createRng(seed);
        const shuffled = [...run.trades];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(rng.next() * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(backtestMetrics({ ...input(run), trades: shuffled })).toEqual(backtestMetrics(input(run)));
      }),
    );
  });

  it('every field is finite or null, rates and exposure in 0..1, drawdowns ≥ 0', () => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: 1, max: 10_000_000 }), (run, capital) => {
        const m = backtestMetrics(input(run, capital));
        for (const [k, v] of Object.entries(m) as [keyof BacktestMetrics, number | null][]) {
          if (v !== null) expect(Number.isFinite(v), k).toBe(true);
        }
        expect(m.winRate).toBeGreaterThanOrEqual(0);
        expect(m.winRate).toBeLessThanOrEqual(1);
        expect(m.exposure).toBeGreaterThanOrEqual(0);
        expect(m.exposure).toBeLessThanOrEqual(1);
        expect(m.maxDrawdown).toBeGreaterThanOrEqual(0);
        expect(m.maxDrawdownPct).toBeGreaterThanOrEqual(0);
        if (m.maxDrawdown === 0) expect(m.calmar).toBeNull();
        if (m.days < 2) expect([m.sharpe, m.sortino]).toEqual([null, null]);
      }),
    );
  });

  it('exposure is Σ (exit − entry) / (sessionMs × days) when trades do not overlap', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const held = run.trades.reduce((s, t) => s + (t.exitTs - t.entryTs), 0);
        expectClose(backtestMetrics(input(run)).exposure, held / (SESSION_MS * run.dates.length), 1e-12);
      }),
    );
  });

  it('Sharpe and Sortino are invariant to the capital (returns scaled by a positive factor)', () => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: 2, max: 1000 }), (run, k) => {
        const a = backtestMetrics(input(run));
        const b = backtestMetrics(input(run, CAPITAL * k));
        expectClose(b.sharpe, a.sharpe);
        expectClose(b.sortino, a.sortino);
        expect(b.netPnl).toBe(a.netPnl);
        expect(b.maxDrawdown).toBe(a.maxDrawdown);
        expect(b.maxDrawdownPct).toBeLessThanOrEqual(a.maxDrawdownPct);
      }),
    );
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (r, k) => {
        const scaled = r.map((x) => x * k);
        const sa = sharpeRatio(r, 252);
        const sb = sharpeRatio(scaled, 252);
        // Near the 1e-12 std floor scaling may cross it; compare only when both are defined.
        if (sa !== null && sb !== null) expectClose(sb, sa, 1e-7);
        const oa = sortinoRatio(r, 252);
        const ob = sortinoRatio(scaled, 252);
        if (oa !== null && ob !== null) expectClose(ob, oa, 1e-7);
        // A negated series flips the Sharpe sign.
        const neg = sharpeRatio(r.map((x) => -x), 252);
        if (sa !== null) expectClose(neg, -sa, 1e-9);
      }),
    );
  });

  it('a run followed by an identical copy: sums double, per-trade and per-day rates stay, ratios move by the N − 1 factor', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const span = dateToDayNumber(run.dates[run.dates.length - 1]!) - dateToDayNumber(run.dates[0]!) + 1;
        const twice: Run = {
          dates: [...run.dates, ...consecutiveDates(run.dates[0]!, run.dates.length + span).slice(span)],
          trades: [...run.trades, ...run.trades.map((t) => shiftTrade(t, span, '+'))],
        };
        const a = backtestMetrics(input(run));
        const b = backtestMetrics(input(twice));
        const n = a.trades;
        const d = a.days;
        expect([b.trades, b.days, b.netPnl, b.grossPnl, b.charges]).toEqual([2 * n, 2 * d, 2 * a.netPnl, 2 * a.grossPnl, 2 * a.charges]);
        expect([b.winRate, b.profitFactor, b.tradesPerDay]).toEqual([a.winRate, a.profitFactor, a.tradesPerDay]);
        expectClose(b.expectancy, a.expectancy);
        expectClose(b.avgWin, a.avgWin);
        expectClose(b.avgLoss, a.avgLoss);
        expectClose(b.exposure, a.exposure, 1e-12);
        // Same mean; the sample variance of the doubled series is (2N − 2)/(2N − 1) of the original's.
        // (A single day or trade has no ratio of its own; its double may.)
        if (d >= 2) {
          expectClose(b.sharpe, a.sharpe === null ? null : a.sharpe * Math.sqrt((2 * d - 1) / (2 * d - 2)), 1e-7);
          // Sortino's downside is over N_total: doubling changes nothing.
          expectClose(b.sortino, a.sortino, 1e-7);
        }
        if (n >= 2) expectClose(b.sqn, a.sqn === null ? null : a.sqn * Math.sqrt((2 * n - 1) / (n - 1)), 1e-7);
        // The copy starts from the first run's end: its drawdown can only add the gap from the first peak.
        const peak = Math.max(0, ...run.trades.map((_, i) => tradesInExitOrder(run.trades).slice(0, i + 1).reduce((s, t) => s + t.netPnl, 0)));
        expect(b.maxDrawdown).toBeGreaterThanOrEqual(a.maxDrawdown);
        expect(b.maxDrawdown).toBeLessThanOrEqual(a.maxDrawdown + Math.max(0, peak - a.netPnl));
        if (a.netPnl >= peak) expect(b.maxDrawdown).toBe(a.maxDrawdown);
      }),
    );
  });

  it('daily returns are the daily net P&L over capital, one per date, 0 on days without trades', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const pnl = dailyNetPnl(run.trades, run.dates, IST);
        const r = dailyReturns(run.trades, run.dates, IST, CAPITAL);
        expect(r).toHaveLength(run.dates.length);
        r.forEach((x, i) => expect(x).toBe(pnl[i]! / CAPITAL));
        run.dates.forEach((_, i) => {
          if (!run.trades.some((t) => t.id.startsWith(`T${i}-`))) expect(r[i]).toBe(0);
        });
      }),
    );
  });

  it('compounded max drawdown is in [−1, 0] for returns above −1', () => {
    fc.assert(
      fc.property(returnsArb, (r) => {
        const dd = maxDrawdownPctOfCompounded(r);
        expect(dd).toBeLessThanOrEqual(0);
        expect(dd).toBeGreaterThanOrEqual(-1);
      }),
    );
  });
});
