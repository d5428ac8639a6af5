/** analyze against the naive re-implementation on generated books (agent and manual), for every filter field and combinations. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytics/analyze.js';
import { equitySeries } from '../../src/analytics/equity-series.js';
import { executionQuality } from '../../src/analytics/execution-quality.js';
import { byExitReason, byParamsVersion, byPreset, byRegime, bySide, byUnderlying } from '../../src/analytics/key-breakdowns.js';
import { pnlDistribution } from '../../src/analytics/pnl-distribution.js';
import { byDayOfWeek, byTimeOfDay } from '../../src/analytics/time-breakdowns.js';
import { filterEvents, filterTrades } from '../../src/analytics/trade-filter.js';
import { summary } from '../../src/analytics/trade-summary.js';
import type { ClosedTradeRecord, TradeFilter } from '../../src/core/model/book-records.js';
import { generateBook, type Book } from './book-gen.js';
import {
  naiveAnalyze,
  naiveDayOfWeek,
  naiveDistribution,
  naiveEquity,
  naiveExecution,
  naiveFilter,
  naiveSummary,
  naiveTimeOfDay,
} from './naive-analytics.js';

const N = 3_000;
const books = { agent: generateBook('agent', N, 11), manual: generateBook('manual', N, 12) } as const;

/** A time inside the generated range: the exit time of the trade at `q` of the exit-sorted book (so bounds hit exact exits). */
function exitAtQuantile(trades: readonly ClosedTradeRecord[], q: number): number {
  const sorted = trades.map((t) => t.exitTs).sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

function filtersFor(book: Book): [string, TradeFilter][] {
  const { trades } = books[book];
  const t0 = trades[0]!;
  const from = exitAtQuantile(trades, 0.25);
  const to = exitAtQuantile(trades, 0.6);
  const sources: TradeFilter[] = book === 'agent' ? [{ source: 'agent' }] : [{ source: 'scalping' }, { source: 'chart' }];
  const presetFilter: TradeFilter = book === 'agent' ? { preset: 'nifty_normal' } : { preset: 'manual_template' };
  return [
    ['none', {}],
    ['mode PAPER', { mode: 'PAPER' }],
    ['mode LIVE', { mode: 'LIVE' }],
    ...sources.map((f): [string, TradeFilter] => [`source ${f.source}`, f]),
    ['source of the other book (nothing)', { source: book === 'agent' ? 'chart' : 'agent' }],
    ['symbol', { symbol: t0.symbol }],
    ['side CE', { side: 'CE' }],
    ['side PE', { side: 'PE' }],
    ['underlying NIFTY', { underlying: 'NIFTY' }],
    ['underlying SENSEX', { underlying: 'SENSEX' }],
    ['preset', presetFilter],
    ['paramsVersion', { paramsVersion: 'pv-b' }],
    ['fromTs (inclusive, an exact exit time)', { fromTs: from }],
    ['toTs (exclusive, an exact exit time)', { toTs: to }],
    ['fromTs + toTs', { fromTs: from, toTs: to }],
    ['empty range', { fromTs: to, toTs: to }],
    ['mode + side + underlying', { mode: 'PAPER', side: 'CE', underlying: 'NIFTY' }],
    ['source + range', { ...sources[0]!, fromTs: from, toTs: to }],
    ['preset + side + range', { ...presetFilter, side: 'PE', fromTs: from }],
    ['paramsVersion + mode', { paramsVersion: 'pv-a', mode: 'LIVE' }],
    ['symbol + side', { symbol: t0.symbol, side: t0.side }],
    ['no match', { symbol: 'NOPE' }],
  ];
}

describe.each(['agent', 'manual'] as const)('%s book: analyze equals the naive re-implementation', (book) => {
  const { trades, events } = books[book];

  it('generates a book with the features the edge cases need', () => {
    const sources = new Set(trades.map((t) => t.source));
    expect([...sources].sort()).toEqual(book === 'agent' ? ['agent'] : ['chart', 'scalping']);
    expect(trades.some((t) => t.netPnl === 0)).toBe(true);
    expect(trades.some((t) => t.netPnl < 0)).toBe(true);
    const exits = trades.map((t) => t.exitTs);
    expect(new Set(exits).size).toBeLessThan(exits.length); // ties in exit time
    expect(events.some((e) => e.signalPrice === null)).toBe(true);
    expect(events.some((e) => e.latencyMs === null)).toBe(true);
  });

  it.each(filtersFor(book))('filter: %s', (_name, filter) => {
    const got = analyze({ trades, events, filter });
    const want = naiveAnalyze(trades, events, filter, 5000, 30);
    expect(got).toEqual(want);
    // The filter is real work: the counts match an independent count.
    expect(got.summary.trades).toBe(naiveFilter(trades, filter, (t) => t.exitTs).length);
    expect(got.execution.latency.fills).toBe(naiveFilter(events, filter, (e) => e.ts).filter((e) => e.latencyMs !== null).length);
  });

  it.each([
    [1, 1],
    [100, 5],
    [2_500, 15],
    [100_000, 60],
    [7_777, 7],
    [5_000, 1440],
  ])('bucketMinor %i, intervalMin %i', (bucketMinor, intervalMin) => {
    expect(analyze({ trades, events, bucketMinor, intervalMin })).toEqual(naiveAnalyze(trades, events, {}, bucketMinor, intervalMin));
  });

  it('the standalone functions agree with the naive ones and with analyze', () => {
    const report = analyze({ trades, events });
    expect(summary(trades)).toEqual(naiveSummary(trades));
    expect(equitySeries(trades)).toEqual(naiveEquity(trades));
    expect(pnlDistribution(trades, 5000)).toEqual(naiveDistribution(trades, 5000));
    expect(byTimeOfDay(trades, 30)).toEqual(naiveTimeOfDay(trades, 30));
    expect(byDayOfWeek(trades)).toEqual(naiveDayOfWeek(trades));
    expect(executionQuality(events)).toEqual(naiveExecution(events));
    expect(bySide(trades)).toEqual(report.bySide);
    expect(byExitReason(trades)).toEqual(report.byExitReason);
    expect(byRegime(trades)).toEqual(report.byRegime);
    expect(byPreset(trades)).toEqual(report.byPreset);
    expect(byParamsVersion(trades)).toEqual(report.byParamsVersion);
    expect(byUnderlying(trades)).toEqual(report.byUnderlying);
  });

  it('every money figure is an exact integer, and the identities hold', () => {
    const r = analyze({ trades, events });
    const s = r.summary;
    const money = [s.grossPnl, s.charges, s.netPnl, s.largestWin, s.largestLoss, s.maxDrawdown];
    for (const rows of [r.bySide, r.byExitReason, r.byTimeOfDay, r.byDayOfWeek, r.byRegime, r.byPreset, r.byParamsVersion, r.byUnderlying]) {
      expect(rows.reduce((n, x) => n + x.trades, 0)).toBe(s.trades);
      expect(rows.reduce((n, x) => n + x.netPnl, 0)).toBe(s.netPnl);
      for (const x of rows) money.push(x.netPnl, x.grossPnl, x.charges);
    }
    for (const b of r.distribution) money.push(b.from, b.netPnl);
    for (const p of r.equity) money.push(p.equity, p.drawdown);
    expect(money.filter((m) => !Number.isSafeInteger(m))).toEqual([]);
    // Some generated signal prices are half-paise, so the slippage cost is exact in halves.
    expect(Number.isSafeInteger(r.execution.slippage.totalSlippageCost * 2)).toBe(true);
    expect(s.netPnl).toBe(s.grossPnl - s.charges);
    expect(s.wins + s.losses).toBe(s.trades);
    expect(r.equity.at(-1)!.equity).toBe(s.netPnl);
    expect(-Math.min(0, ...r.equity.map((p) => p.drawdown))).toBe(s.maxDrawdown);
  });
});

describe('analyze on both books at once', () => {
  const trades = [...books.agent.trades, ...books.manual.trades];
  const events = [...books.agent.events, ...books.manual.events];

  it('splits by source exactly: the agent part and the manual part add up to the whole', () => {
    const all = analyze({ trades, events }).summary;
    const agent = analyze({ trades, events, filter: { source: 'agent' } }).summary;
    const scalping = analyze({ trades, events, filter: { source: 'scalping' } }).summary;
    const chart = analyze({ trades, events, filter: { source: 'chart' } }).summary;
    expect(agent.trades + scalping.trades + chart.trades).toBe(all.trades);
    expect(agent.netPnl + scalping.netPnl + chart.netPnl).toBe(all.netPnl);
    expect(agent.charges + scalping.charges + chart.charges).toBe(all.charges);
    expect(agent).toEqual(analyze({ trades: books.agent.trades, events: books.agent.events }).summary);
  });

  it('random filters, bucket and interval (property)', () => {
    const pickOf = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
    const ts = trades.map((t) => t.exitTs);
    const filterArb: fc.Arbitrary<TradeFilter> = fc.record(
      {
        mode: pickOf(['PAPER', 'LIVE'] as const),
        source: pickOf(['agent', 'scalping', 'chart'] as const),
        symbol: pickOf([...new Set(trades.map((t) => t.symbol))]),
        side: pickOf(['CE', 'PE'] as const),
        underlying: pickOf(['NIFTY', 'SENSEX', 'BANKNIFTY']),
        preset: pickOf(['nifty_normal', 'momentum_scalper', 'manual_template']),
        paramsVersion: pickOf(['pv-a', 'pv-b', 'pv-c']),
        fromTs: pickOf(ts),
        toTs: pickOf(ts),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(filterArb, fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 1440 }), (filter, bucketMinor, intervalMin) => {
        const got = analyze({ trades, events, filter, bucketMinor, intervalMin });
        expect(got).toEqual(naiveAnalyze(trades, events, filter, bucketMinor, intervalMin));
        expect(filterTrades(trades, filter)).toEqual(naiveFilter(trades, filter, (t) => t.exitTs));
        expect(filterEvents(events, filter)).toEqual(naiveFilter(events, filter, (e) => e.ts));
      }),
      { numRuns: 40 },
    );
  });
});

describe('summary and equity on arbitrary small books (property)', () => {
  const tradeArb = fc.record({
    tradeId: fc.string({ minLength: 1, maxLength: 4 }),
    exitTs: fc.integer({ min: 0, max: 20 }),
    hold: fc.integer({ min: 0, max: 1000 }),
    grossPnl: fc.integer({ min: -50_000, max: 50_000 }),
    charges: fc.integer({ min: 0, max: 5_000 }),
  });
  it('agrees with the naive version, including exit-time ties and repeated ids', () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { maxLength: 40 }), fc.integer({ min: 1, max: 30_000 }), (raw, bucket) => {
        const trades = raw.map(
          (r): ClosedTradeRecord => ({
            ...books.agent.trades[0]!,
            tradeId: r.tradeId,
            entryTs: r.exitTs - r.hold,
            exitTs: r.exitTs,
            grossPnl: r.grossPnl,
            charges: r.charges,
            netPnl: r.grossPnl - r.charges,
          }),
        );
        expect(summary(trades)).toEqual(naiveSummary(trades));
        expect(equitySeries(trades).map((p) => [p.ts, p.tradeId, p.equity, p.drawdown])).toEqual(
          naiveEquity(trades).map((p) => [p.ts, p.tradeId, p.equity, p.drawdown]),
        );
        expect(pnlDistribution(trades, bucket)).toEqual(naiveDistribution(trades, bucket));
      }),
      { numRuns: 300 },
    );
  });
});
