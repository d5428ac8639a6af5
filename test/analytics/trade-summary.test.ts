/** summary: hand-computed books and the edge cases (empty, all losses, all wins, one trade, break-even, ties). */
import { describe, expect, it } from 'vitest';
import { summary, type TradeSummary } from '../../src/analytics/trade-summary.js';
import { trade } from './records.js';

const ZERO: TradeSummary = {
  trades: 0,
  wins: 0,
  losses: 0,
  winRate: 0,
  grossPnl: 0,
  charges: 0,
  netPnl: 0,
  profitFactor: null,
  expectancy: 0,
  avgWin: 0,
  avgLoss: 0,
  largestWin: 0,
  largestLoss: 0,
  maxConsecutiveLosses: 0,
  avgHoldMs: 0,
  maxDrawdown: 0,
};

describe('summary', () => {
  it('no trades: all zeros, profitFactor null', () => {
    expect(summary([])).toEqual(ZERO);
  });

  it('a hand-computed book of five trades (given out of exit order)', () => {
    // Exit order (minute): net            cumulative  peak  drawdown
    //   T1 (1):  +1000 (gross 1100, ch 100)    1000   1000    0
    //   T2 (2):   -400 (gross -350, ch 50)      600   1000  400
    //   T3 (3):      0 (gross 20, ch 20)        600   1000  400   ← break-even counts as a loss
    //   T4 (4):   -700 (gross -600, ch 100)    -100   1000 1100   ← max drawdown 1100, 3 losses in a row
    //   T5 (5):  +2500 (gross 2600, ch 100)    2400   2400    0
    // wins 2 (3500), losses 3 (−1100): profitFactor 3500/1100, expectancy 2400/5 = 480,
    // avgWin 1750, avgLoss −1100/3, largestWin 2500, largestLoss −700; holds 1,2,3,4,5 min → 3 min.
    const m = 60_000;
    const t = (id: string, min: number, net: number, charges: number) =>
      trade({ tradeId: id, entryTs: 0, exitTs: min * m, net, charges });
    const book = [t('T4', 4, -700, 100), t('T1', 1, 1000, 100), t('T5', 5, 2500, 100), t('T3', 3, 0, 20), t('T2', 2, -400, 50)];
    expect(summary(book)).toEqual({
      trades: 5,
      wins: 2,
      losses: 3,
      winRate: 0.4,
      grossPnl: 1100 - 350 + 20 - 600 + 2600,
      charges: 370,
      netPnl: 2400,
      profitFactor: 3500 / 1100,
      expectancy: 480,
      avgWin: 1750,
      avgLoss: -1100 / 3,
      largestWin: 2500,
      largestLoss: -700,
      maxConsecutiveLosses: 3,
      avgHoldMs: 3 * m,
      maxDrawdown: 1100,
    });
  });

  it('all losses: profitFactor 0 (no wins over real losses), drawdown from the start at 0', () => {
    // −100, −300: cumulative −100, −400 → drawdown 400 below the starting 0.
    const s = summary([trade({ tradeId: 'a', exitTs: 1, net: -100 }), trade({ tradeId: 'b', exitTs: 2, net: -300 })]);
    expect(s).toMatchObject({ wins: 0, losses: 2, winRate: 0, profitFactor: 0, avgWin: 0, avgLoss: -200, largestWin: 0, largestLoss: -300 });
    expect(s).toMatchObject({ maxConsecutiveLosses: 2, maxDrawdown: 400, expectancy: -200 });
  });

  it('all wins: profitFactor null, no drawdown, no losses', () => {
    const s = summary([trade({ tradeId: 'a', exitTs: 1, net: 100 }), trade({ tradeId: 'b', exitTs: 2, net: 300 })]);
    expect(s).toMatchObject({ wins: 2, losses: 0, winRate: 1, profitFactor: null, avgWin: 200, avgLoss: 0, largestWin: 300, largestLoss: 0 });
    expect(s).toMatchObject({ maxConsecutiveLosses: 0, maxDrawdown: 0 });
  });

  it('a single trade', () => {
    // gross 1234, charges 234 → net 1000; held 09:20 → 09:25 = 300 000 ms.
    expect(summary([trade({ net: 1000, charges: 234 })])).toEqual({
      ...ZERO,
      trades: 1,
      wins: 1,
      winRate: 1,
      grossPnl: 1234,
      charges: 234,
      netPnl: 1000,
      expectancy: 1000,
      avgWin: 1000,
      largestWin: 1000,
      avgHoldMs: 300_000,
    });
  });

  it('zero-net trades are losses, but add nothing to the loss sum: profitFactor stays null', () => {
    // A trade with gross +50 and charges 50 nets 0: a loss by count (net ≤ 0), yet Σ losses = 0.
    const s = summary([trade({ tradeId: 'a', exitTs: 1, net: 0, charges: 50 }), trade({ tradeId: 'b', exitTs: 2, net: 500 })]);
    expect(s).toMatchObject({ wins: 1, losses: 1, winRate: 0.5, profitFactor: null, avgLoss: 0, largestLoss: 0, maxConsecutiveLosses: 1 });
    expect(summary([trade({ net: 0 })])).toMatchObject({ wins: 0, losses: 1, profitFactor: null, maxDrawdown: 0 });
  });

  it('ties in exit time are ordered by trade id, which decides streaks and drawdown', () => {
    const book = [
      trade({ tradeId: 'C', exitTs: 10, net: -1 }),
      trade({ tradeId: 'A', exitTs: 10, net: -1 }),
      trade({ tradeId: 'B', exitTs: 10, net: 5 }),
    ];
    // Id order A(−1), B(+5), C(−1): longest losing run 1; input order C, A, B would give 2.
    expect(summary(book).maxConsecutiveLosses).toBe(1);
    // Ids compare by code unit, not locale: 'B' < 'a'.
    const mixed = [
      trade({ tradeId: 'a', exitTs: 10, net: -1 }),
      trade({ tradeId: 'B', exitTs: 10, net: 5 }),
      trade({ tradeId: 'c', exitTs: 10, net: -1 }),
    ];
    expect(summary(mixed).maxConsecutiveLosses).toBe(2);
  });

  it('does not mutate or reorder its input', () => {
    const book = [trade({ tradeId: 'b', exitTs: 2, net: 1 }), trade({ tradeId: 'a', exitTs: 1, net: -1 })];
    const copy = [...book];
    summary(book);
    expect(book).toEqual(copy);
  });
});
