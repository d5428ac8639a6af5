/** analyze: defaults, the empty report, argument checks, the filter applied to both trades and events. */
import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_BUCKET_MINOR, DEFAULT_INTERVAL_MIN } from '../../src/analytics/analyze.js';
import { analyticsBench } from '../../bench/analytics-bench.js';
import { fill, ist, trade } from './records.js';

describe('analyze', () => {
  it('with no trades and no events: a zeroed report with empty series', () => {
    const r = analyze({ trades: [], events: [] });
    expect(r).toMatchObject({ filter: {}, bucketMinor: 5000, intervalMin: 30, equity: [], distribution: [] });
    expect([r.bySide, r.byExitReason, r.byTimeOfDay, r.byDayOfWeek, r.byRegime, r.byPreset, r.byParamsVersion, r.byUnderlying]).toEqual([[], [], [], [], [], [], [], []]);
    expect(r.summary).toMatchObject({ trades: 0, netPnl: 0, profitFactor: null, maxDrawdown: 0, winRate: 0, expectancy: 0 });
    expect(r.execution.slippage.fills).toBe(0);
    expect(Object.keys(r)).toEqual([
      'filter', 'bucketMinor', 'intervalMin', 'summary', 'equity', 'distribution', 'bySide', 'byExitReason',
      'byTimeOfDay', 'byDayOfWeek', 'byRegime', 'byPreset', 'byParamsVersion', 'byUnderlying', 'execution',
    ]);
  });

  it('defaults: ₹50 buckets (5000 paise) and 30-minute slots', () => {
    expect([DEFAULT_BUCKET_MINOR, DEFAULT_INTERVAL_MIN]).toEqual([5000, 30]);
    const r = analyze({ trades: [trade({ net: 7_499, entryTs: ist(9, 44) })], events: [] });
    expect(r.distribution).toEqual([{ from: 5000, count: 1, netPnl: 7_499 }]);
    expect(r.byTimeOfDay.map((x) => x.key)).toEqual(['09:30']);
  });

  it('applies the filter to trades (exit time) and events (fill time)', () => {
    const trades = [trade({ tradeId: 'a', side: 'CE', exitTs: 100, net: 10 }), trade({ tradeId: 'b', side: 'PE', exitTs: 200, net: -5 })];
    const events = [fill({ eventId: '1', side: 'CE', ts: 90, latencyMs: 10 }), fill({ eventId: '2', side: 'PE', ts: 190, latencyMs: 20 })];
    const r = analyze({ trades, events, filter: { side: 'PE' } });
    expect(r.filter).toEqual({ side: 'PE' });
    expect(r.summary).toMatchObject({ trades: 1, netPnl: -5 });
    expect(r.execution.latency).toMatchObject({ fills: 1, meanMs: 20 });
    expect(analyze({ trades, events, filter: { fromTs: 100, toTs: 190 } }).summary.trades).toBe(1);
    expect(analyze({ trades, events, filter: { fromTs: 100, toTs: 190 } }).execution.latency.fills).toBe(0);
  });

  it('refuses a bad bucket or interval before doing any work, naming the field', () => {
    expect(() => analyze({ trades: [], events: [], bucketMinor: 0 })).toThrow(/bucketMinor/);
    expect(() => analyze({ trades: [], events: [], bucketMinor: 12.5 })).toThrow(RangeError);
    expect(() => analyze({ trades: [], events: [], intervalMin: 0 })).toThrow(/intervalMin/);
    expect(() => analyze({ trades: [], events: [], intervalMin: 2000 })).toThrow(RangeError);
  });

  it('the benchmark runs on a small book', () => {
    const r = analyticsBench(2_000, 1);
    expect(r.trades).toBe(2_000);
    expect(r.ms).toBeGreaterThan(0);
  });
});
