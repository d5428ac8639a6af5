/** equitySeries and pnlDistribution: hand-computed points, exit-time ties, floor buckets for losses, argument checks. */
import { describe, expect, it } from 'vitest';
import { equitySeries } from '../../src/analytics/equity-series.js';
import { pnlDistribution } from '../../src/analytics/pnl-distribution.js';
import { trade } from './records.js';

describe('equitySeries', () => {
  it('is empty with no trades', () => {
    expect(equitySeries([])).toEqual([]);
  });

  it('cumulates net P&L in exit order with drawdown ≤ 0 from a peak starting at 0', () => {
    // exits 1..4: nets −200, +500, −100, +50 → equity −200, 300, 200, 250; peak 0, 300, 300, 300.
    const book = [
      trade({ tradeId: 'd', exitTs: 4, net: 50 }),
      trade({ tradeId: 'b', exitTs: 2, net: 500 }),
      trade({ tradeId: 'a', exitTs: 1, net: -200 }),
      trade({ tradeId: 'c', exitTs: 3, net: -100 }),
    ];
    expect(equitySeries(book)).toEqual([
      { ts: 1, tradeId: 'a', equity: -200, drawdown: -200 },
      { ts: 2, tradeId: 'b', equity: 300, drawdown: 0 },
      { ts: 3, tradeId: 'c', equity: 200, drawdown: -100 },
      { ts: 4, tradeId: 'd', equity: 250, drawdown: -50 },
    ]);
  });

  it('breaks exit-time ties by trade id', () => {
    const book = [
      trade({ tradeId: 'T2', exitTs: 5, net: 10 }),
      trade({ tradeId: 'T1', exitTs: 5, net: 20 }),
      trade({ tradeId: 'T0', exitTs: 6, net: 1 }),
    ];
    expect(equitySeries(book).map((p) => [p.tradeId, p.equity])).toEqual([
      ['T1', 20],
      ['T2', 30],
      ['T0', 31],
    ]);
  });
});

describe('pnlDistribution', () => {
  it('floors negative P&L into the bucket below (−1 → −5000, −5000 → −5000, −5001 → −10000)', () => {
    // Bucket 5000 (₹50): nets −5001, −5000, −1, 0, 1, 4999, 5000, 12345.
    const nets = [-5001, -5000, -1, 0, 1, 4999, 5000, 12_345];
    const book = nets.map((net, i) => trade({ tradeId: `t${i}`, net }));
    expect(pnlDistribution(book, 5000)).toEqual([
      { from: -10_000, count: 1, netPnl: -5001 },
      { from: -5000, count: 2, netPnl: -5001 },
      { from: 0, count: 3, netPnl: 5000 },
      { from: 5000, count: 1, netPnl: 5000 },
      { from: 10_000, count: 1, netPnl: 12_345 },
    ]);
  });

  it('is empty with no trades', () => {
    expect(pnlDistribution([], 5000)).toEqual([]);
  });

  it('a bucket of 1 gives one bucket per distinct net figure', () => {
    const book = [trade({ tradeId: 'a', net: -3 }), trade({ tradeId: 'b', net: -3 }), trade({ tradeId: 'c', net: 7 })];
    expect(pnlDistribution(book, 1)).toEqual([
      { from: -3, count: 2, netPnl: -6 },
      { from: 7, count: 1, netPnl: 7 },
    ]);
  });

  it.each([0, -5000, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses bucket %s with a RangeError naming bucketMinor', (bucket) => {
    expect(() => pnlDistribution([trade()], bucket)).toThrow(RangeError);
    expect(() => pnlDistribution([trade()], bucket)).toThrow(/bucketMinor/);
  });
});
