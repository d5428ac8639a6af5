/** filterTrades / filterEvents: each field, AND, time bounds on exitTs (trades) and ts (events). */
import { describe, expect, it } from 'vitest';
import { filterEvents, filterTrades } from '../../src/analytics/trade-filter.js';
import { fill, trade } from './records.js';

describe('filters', () => {
  const a = trade({ tradeId: 'a', mode: 'PAPER', source: 'agent', side: 'CE', entryTs: 0, exitTs: 100, preset: 'p1', paramsVersion: 'v1' });
  const b = trade({
    tradeId: 'b',
    mode: 'LIVE',
    source: 'chart',
    side: 'PE',
    symbol: 'X',
    underlying: 'SENSEX',
    entryTs: 50,
    exitTs: 200,
    preset: null,
    paramsVersion: null,
  });
  const c = trade({ tradeId: 'c', mode: 'PAPER', source: 'scalping', side: 'PE', entryTs: 150, exitTs: 300, preset: 'p2', paramsVersion: 'v1' });
  const book = [a, b, c];
  const ids = (xs: readonly { tradeId: string }[]) => xs.map((x) => x.tradeId);

  it('each field on its own', () => {
    expect(ids(filterTrades(book, {}))).toEqual(['a', 'b', 'c']);
    expect(ids(filterTrades(book, { mode: 'PAPER' }))).toEqual(['a', 'c']);
    expect(ids(filterTrades(book, { source: 'chart' }))).toEqual(['b']);
    expect(ids(filterTrades(book, { symbol: 'X' }))).toEqual(['b']);
    expect(ids(filterTrades(book, { side: 'PE' }))).toEqual(['b', 'c']);
    expect(ids(filterTrades(book, { underlying: 'NIFTY' }))).toEqual(['a', 'c']);
    expect(ids(filterTrades(book, { preset: 'p2' }))).toEqual(['c']);
    expect(ids(filterTrades(book, { paramsVersion: 'v1' }))).toEqual(['a', 'c']);
  });

  it('time range on the exit: fromTs inclusive, toTs exclusive', () => {
    expect(ids(filterTrades(book, { fromTs: 200 }))).toEqual(['b', 'c']);
    expect(ids(filterTrades(book, { toTs: 200 }))).toEqual(['a']);
    expect(ids(filterTrades(book, { fromTs: 100, toTs: 300 }))).toEqual(['a', 'b']);
    expect(ids(filterTrades(book, { fromTs: 200, toTs: 200 }))).toEqual([]);
    // Entry time does not count: b entered at 50 but exited at 200.
    expect(ids(filterTrades(book, { toTs: 199 }))).toEqual(['a']);
  });

  it('fields combine with AND', () => {
    expect(ids(filterTrades(book, { mode: 'PAPER', side: 'PE' }))).toEqual(['c']);
    expect(ids(filterTrades(book, { mode: 'PAPER', side: 'PE', fromTs: 0, toTs: 300 }))).toEqual([]);
  });

  it('returns a new array and never the input', () => {
    const out = filterTrades(book, {});
    expect(out).not.toBe(book);
    out.pop();
    expect(book).toHaveLength(3);
  });

  it('events filter on the fill time ts', () => {
    const events = [
      fill({ eventId: '1', ts: 10, side: 'CE', source: 'agent' }),
      fill({ eventId: '2', ts: 20, side: 'PE', source: 'chart', preset: null, paramsVersion: null }),
      fill({ eventId: '3', ts: 30, side: 'PE', source: 'agent', mode: 'LIVE' }),
    ];
    const eids = (xs: readonly { eventId: string }[]) => xs.map((x) => x.eventId);
    expect(eids(filterEvents(events, { fromTs: 20 }))).toEqual(['2', '3']);
    expect(eids(filterEvents(events, { toTs: 20 }))).toEqual(['1']);
    expect(eids(filterEvents(events, { side: 'PE', source: 'agent' }))).toEqual(['3']);
    expect(eids(filterEvents(events, { mode: 'LIVE' }))).toEqual(['3']);
    expect(eids(filterEvents(events, { preset: 'nifty_normal' }))).toEqual(['1', '3']);
    expect(eids(filterEvents(events, { paramsVersion: 'pv-a', symbol: 'NIFTY26JAN24000CE', underlying: 'NIFTY' }))).toEqual(['1', '3']);
  });
});
