/** Known-answer tests of the backtest metrics: the test vectors of engine-anchors §5 and a hand-computed four-trade run. */
import { describe, expect, it } from 'vitest';
import { backtestMetrics } from '../../../src/backtest/metrics/backtest-metrics.js';
import { maxDrawdownPctOfCompounded, equityDrawdown } from '../../../src/backtest/metrics/drawdown.js';
import { sharpeRatio } from '../../../src/backtest/metrics/sharpe-ratio.js';
import { sortinoRatio } from '../../../src/backtest/metrics/sortino-ratio.js';
import { systemQualityNumber } from '../../../src/backtest/metrics/system-quality.js';
import { tradeAverages } from '../../../src/backtest/metrics/trade-averages.js';
import { cagr, calmarRatio } from '../../../src/backtest/metrics/cagr.js';
import { IST, SESSION_MS, ist, trade } from './closed-trade.js';

describe('test vectors (engine-anchors §5)', () => {
  it('Sharpe, Nautilus form: [0.01, −0.02, 0.015, −0.005, 0.025] × √252 → 4.48998886412873 (sample std)', () => {
    expect(sharpeRatio([0.01, -0.02, 0.015, -0.005, 0.025], 252)).toBeCloseTo(4.48998886412873, 12);
  });

  it('Sortino, Nautilus form: [−0.01, 0.02, −0.015, 0.005, −0.02] × √252 → −5.273224492824493', () => {
    expect(sortinoRatio([-0.01, 0.02, -0.015, 0.005, -0.02], 252)).toBeCloseTo(-5.273224492824493, 12);
  });

  it('max drawdown on compounded returns: [−0.40, −0.10] → −0.46', () => {
    expect(maxDrawdownPctOfCompounded([-0.4, -0.1])).toBeCloseTo(-0.46, 14);
    expect(maxDrawdownPctOfCompounded([])).toBe(0);
    expect(maxDrawdownPctOfCompounded([0.1, 0.2])).toBe(0);
    // Peak 1.1 then 0.55: −50%, then a recovery does not undo it.
    expect(maxDrawdownPctOfCompounded([0.1, -0.5, 1])).toBeCloseTo(-0.5, 14);
  });

  it('expectancy, Tharp: [10, −5, 15, −10] → 2.5 (avgWin 12.5 · 0.5 + avgLoss −7.5 · 0.5)', () => {
    expect(tradeAverages([10, -5, 15, -10])).toEqual({ avgWin: 12.5, avgLoss: -7.5, expectancy: 2.5 });
    const trades = [10, -5, 15, -10].map((net, i) => trade({ id: `T${i}`, net }));
    const m = backtestMetrics({ trades, dates: ['2026-01-05'], utcOffsetMin: IST, capital: 100_000, sessionMs: SESSION_MS });
    expect(m.expectancy).toBe(2.5);
    expect(m.avgWin * m.winRate + m.avgLoss * (1 - m.winRate)).toBe(2.5);
  });
});

describe('small cases by hand', () => {
  it('SQN = √N · mean / sample std: [1000, −500, 2500, −2000] → √(1/15)', () => {
    expect(systemQualityNumber([1000, -500, 2500, -2000])).toBeCloseTo(Math.sqrt(1 / 15), 14);
    expect(systemQualityNumber([3, 5])).toBeCloseTo((Math.SQRT2 * 4) / Math.SQRT2, 14);
  });

  it('undefined statistics are null, never NaN or Infinity', () => {
    expect(sharpeRatio([], 252)).toBeNull();
    expect(sharpeRatio([0.01], 252)).toBeNull();
    expect(sharpeRatio([0.01, 0.01, 0.01], 252)).toBeNull();
    expect(sortinoRatio([0.01], 252)).toBeNull();
    expect(sortinoRatio([0.01, 0, 0.02], 252)).toBeNull();
    expect(systemQualityNumber([])).toBeNull();
    expect(systemQualityNumber([500])).toBeNull();
    expect(systemQualityNumber([500, 500])).toBeNull();
    expect(calmarRatio(0.3, 0)).toBeNull();
    expect(calmarRatio(null, 0.1)).toBeNull();
    expect(cagr(100, 1e6, 1)).toBeNull();
    expect(cagr(100, 0, 10)).toBe(-1);
    expect(cagr(100, 100, 10)).toBe(0);
  });

  it('drawdown in money from 0 and as a fraction of peak equity (capital + cumulative P&L)', () => {
    expect(equityDrawdown([1000, -500, 2500, -2000], 100_000)).toEqual({ money: 2000, pct: 2000 / 103_000, peakPnl: 3000 });
    // A fall from the start: the peak is the capital itself.
    expect(equityDrawdown([-300, 100], 1000)).toEqual({ money: 300, pct: 0.3, peakPnl: 0 });
    expect(equityDrawdown([], 1000)).toEqual({ money: 0, pct: 0, peakPnl: 0 });
  });

  it('a four-trade, three-day run', () => {
    // Day 1: +1000 (09:20–09:30) and −500 (10:00–10:20); day 2: +2500 (11:00–11:30); day 3: −2000 (12:00–12:15). Charges 200 each.
    const trades = [
      trade({ id: 'a', net: 1000, charges: 200, entryTs: ist('2026-01-05', 9, 20), exitTs: ist('2026-01-05', 9, 30) }),
      trade({ id: 'b', net: -500, charges: 200, entryTs: ist('2026-01-05', 10, 0), exitTs: ist('2026-01-05', 10, 20) }),
      trade({ id: 'c', net: 2500, charges: 200, entryTs: ist('2026-01-06', 11, 0), exitTs: ist('2026-01-06', 11, 30) }),
      trade({ id: 'd', net: -2000, charges: 200, entryTs: ist('2026-01-07', 12, 0), exitTs: ist('2026-01-07', 12, 15) }),
    ];
    const m = backtestMetrics({
      trades: [...trades].reverse(),
      dates: ['2026-01-05', '2026-01-06', '2026-01-07'],
      utcOffsetMin: IST,
      capital: 100_000,
      sessionMs: SESSION_MS,
    });
    // Daily returns [0.005, 0.025, −0.02]: mean 1/300, sample std √183/600 → Sharpe 2·√(252/183); downside 0.02/√3 → Sortino √21.
    const growth = Math.pow(1.01, 365 / 3) - 1;
    expect(m).toEqual({
      trades: 4,
      wins: 2,
      losses: 2,
      days: 3,
      tradesPerDay: 4 / 3,
      netPnl: 1000,
      grossPnl: 1800,
      charges: 800,
      winRate: 0.5,
      profitFactor: 1.4,
      expectancy: 250,
      avgWin: 1750,
      avgLoss: -1250,
      sqn: expect.closeTo(Math.sqrt(1 / 15), 14) as number,
      sharpe: expect.closeTo(2 * Math.sqrt(252 / 183), 12) as number,
      sortino: expect.closeTo(Math.sqrt(21), 12) as number,
      annualization: 252,
      maxDrawdown: 2000,
      maxDrawdownPct: 2000 / 103_000,
      cagr: expect.closeTo(growth, 12) as number,
      calmar: expect.closeTo(growth / (2000 / 103_000), 10) as number,
      // 75 minutes held of 3 × 375.
      exposure: 75 / 1125,
    });
    expect(m.sharpe).toBeCloseTo(2.346954776, 9);
  });

  it('no trades: zero sums and rates, null ratios, zero exposure', () => {
    const m = backtestMetrics({ trades: [], dates: ['2026-01-05', '2026-01-06'], utcOffsetMin: IST, capital: 1, sessionMs: SESSION_MS });
    expect(m).toEqual({
      trades: 0, wins: 0, losses: 0, days: 2, tradesPerDay: 0, netPnl: 0, grossPnl: 0, charges: 0, winRate: 0, profitFactor: null,
      expectancy: 0, avgWin: 0, avgLoss: 0, sqn: null, sharpe: null, sortino: null, annualization: 252, maxDrawdown: 0,
      maxDrawdownPct: 0, cagr: 0, calmar: null, exposure: 0,
    });
  });

  it('bins by the exit’s exchange date (a trade entered one day and exited the next counts on the exit day), honours annualization', () => {
    const dates = ['2026-01-05', '2026-01-06'];
    const overnight = trade({ id: 'x', net: 100, entryTs: ist('2026-01-05', 15, 0), exitTs: ist('2026-01-06', 9, 20) });
    const loss = trade({ id: 'y', net: -50, entryTs: ist('2026-01-05', 9, 20), exitTs: ist('2026-01-05', 9, 30) });
    const m = backtestMetrics({ trades: [overnight, loss], dates, utcOffsetMin: IST, capital: 1000, sessionMs: SESSION_MS, annualization: 365 });
    // Returns [−0.05, 0.1]: mean 0.025, sample std 0.15/√2.
    expect(m.sharpe).toBeCloseTo((0.025 / (0.15 / Math.SQRT2)) * Math.sqrt(365), 12);
    expect(m.annualization).toBe(365);
    // The overnight hold (18 h 20 min) exceeds 2 × 375 session minutes: exposure is clamped to 1.
    expect(m.exposure).toBe(1);
    // 23:50 UTC on the 5th is 05:20 IST on the 6th: binned on the 6th in IST, on the 5th at UTC+0.
    const lateUtc = trade({ id: 'z', net: 10, entryTs: Date.UTC(2026, 0, 5, 23, 40), exitTs: Date.UTC(2026, 0, 5, 23, 50) });
    const inIst = backtestMetrics({ trades: [lateUtc], dates, utcOffsetMin: IST, capital: 1000, sessionMs: SESSION_MS });
    const inUtc = backtestMetrics({ trades: [lateUtc], dates, utcOffsetMin: 0, capital: 1000, sessionMs: SESSION_MS });
    expect([inIst.sortino, inUtc.sortino]).toEqual([null, null]);
    expect(inIst.sharpe).toBeCloseTo((0.005 / (0.01 / Math.SQRT2)) * Math.sqrt(252), 12);
    expect(inUtc.sharpe).toBeCloseTo(inIst.sharpe!, 12);
    expect(() => backtestMetrics({ trades: [lateUtc], dates: ['2026-01-05'], utcOffsetMin: IST, capital: 1000, sessionMs: SESSION_MS })).toThrow(
      /exits on 2026-01-06/,
    );
  });

  it('refuses bad input naming the field', () => {
    const ok = { trades: [], dates: ['2026-01-05'], utcOffsetMin: IST, capital: 100, sessionMs: SESSION_MS };
    expect(() => backtestMetrics({ ...ok, dates: [] })).toThrow(/dates/);
    expect(() => backtestMetrics({ ...ok, dates: ['2026-01-06', '2026-01-05'] })).toThrow(/dates must be strictly ascending/);
    expect(() => backtestMetrics({ ...ok, dates: ['2026-01-05', '2026-01-05'] })).toThrow(/dates/);
    expect(() => backtestMetrics({ ...ok, dates: ['2026-02-30'] })).toThrow(/dates\[0\]/);
    expect(() => backtestMetrics({ ...ok, capital: 0 })).toThrow(/capital/);
    expect(() => backtestMetrics({ ...ok, capital: 10.5 })).toThrow(/capital/);
    expect(() => backtestMetrics({ ...ok, sessionMs: 0 })).toThrow(/sessionMs/);
    expect(() => backtestMetrics({ ...ok, annualization: Number.NaN })).toThrow(/annualization/);
    expect(() => backtestMetrics({ ...ok, utcOffsetMin: 5.5 })).toThrow(/utcOffsetMin/);
    const late = trade({ id: 'late', exitTs: ist('2026-01-06', 9, 30) });
    expect(() => backtestMetrics({ ...ok, trades: [late] })).toThrow(/trades: trade late exits on 2026-01-06/);
    const backwards = trade({ id: 'back', entryTs: ist('2026-01-05', 9, 30), exitTs: ist('2026-01-05', 9, 20) });
    expect(() => backtestMetrics({ ...ok, trades: [backwards] })).toThrow(/trades: trade back/);
    expect(() => backtestMetrics({ ...ok, trades: [late] })).toThrow(RangeError);
  });
});
