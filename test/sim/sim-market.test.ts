/** SimMarket: universe and chains, determinism by seed, re-iterable ticks, tick invariants, optional depth, regime spans. */
import { describe, expect, it } from 'vitest';
import type { OptionInstrument } from '../../src/core/model/instrument.js';
import { weekday } from '../../src/core/calendar/exchange-time.js';
import { createSimMarket, type SimMarket } from '../../src/sim/market/sim-market.js';
import { nearestStrikeRow } from '../../src/sim/market/chain.js';
import { rowToTick, type TickColumns } from '../../src/sim/market/tick-columns.js';
import { hashColumns, hashTicks, loadConfig } from './helpers.js';

const config = loadConfig();
// Monday, Tuesday (NIFTY expiry), Wednesday.
const nifty = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-24', days: 3, seed: 11 });
const sensex = createSimMarket(config, { underlying: 'SENSEX', startDate: '2025-11-26', days: 2, seed: 11 });

function rows(c: TickColumns): Iterable<ReturnType<typeof rowToTick>> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < c.length; i++) yield rowToTick(c, i);
    },
  };
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const item of items) {
    yield item;
    if (++i >= n) return;
  }
}

function checkDay(market: SimMarket, day: number): void {
  const c = market.columnsForDay(day);
  const { openTs, closeTs } = market.session(day);
  const chain = market.chainForDay(day);
  const dayIds = new Set([market.indexInstrumentId, ...chain.strikes.flatMap((r) => [r.ce, r.pe])]);
  const lastTsOf = new Map<number, number>();
  const index = market.universe.instruments[market.indexInstrumentId]!;
  let bad = 0;
  const fail = (what: string, i: number): void => {
    bad++;
    if (bad < 5) expect.fail(`${market.underlying} day ${day} row ${i}: ${what} ${JSON.stringify(rowToTick(c, i))}`);
  };
  for (let i = 0; i < c.length; i++) {
    const ts = c.ts[i]!;
    const id = c.instrument[i]!;
    if (!Number.isSafeInteger(ts) || ts < openTs || ts >= closeTs) fail('ts outside session', i);
    if (i > 0 && (ts < c.ts[i - 1]! || (ts === c.ts[i - 1]! && id <= c.instrument[i - 1]!))) fail('not sorted by (ts, id)', i);
    if (!dayIds.has(id)) fail('instrument not in the day chain', i);
    if ((lastTsOf.get(id) ?? -Infinity) >= ts) fail('instrument ts not strictly increasing', i);
    lastTsOf.set(id, ts);
    const ltp = c.ltp[i]!;
    const bid = c.bid[i]!;
    const ask = c.ask[i]!;
    const inst = market.universe.instruments[id]!;
    if (!(ltp > 0) || ltp % inst.tickSize !== 0) fail('ltp not a positive multiple of the tick', i);
    if (inst.kind === 'INDEX') {
      if (bid !== 0 || ask !== 0 || c.bidQty[i] !== 0 || c.askQty[i] !== 0) fail('index tick with a quote', i);
    } else {
      if (bid < inst.tickSize || bid % inst.tickSize !== 0 || ask % inst.tickSize !== 0) fail('bid/ask not whole ticks ≥ 1 tick', i);
      if (!(bid < ask)) fail('bid ≥ ask', i);
      if (ltp < bid || ltp > ask) fail('ltp outside bid..ask', i);
      const q1 = c.bidQty[i]!;
      const q2 = c.askQty[i]!;
      if (!(q1 > 0 && q2 > 0 && q1 % inst.lotSize === 0 && q2 % inst.lotSize === 0)) fail('quantities not whole lots', i);
    }
  }
  expect(bad).toBe(0);
  expect(index.kind).toBe('INDEX');
  // Every instrument of the chain ticks that day.
  expect(new Set(lastTsOf.keys())).toEqual(dayIds);
}

describe('universe and chains', () => {
  it('has dense ids with the index first and unique OpenAlgo symbols', () => {
    const instruments = nifty.universe.instruments;
    instruments.forEach((inst, i) => expect(inst.id).toBe(i));
    expect(nifty.indexInstrumentId).toBe(0);
    expect(instruments[0]).toMatchObject({ kind: 'INDEX', symbol: 'NIFTY', exchange: 'NSE', tickSize: 5, utcOffsetMin: 330 });
    const symbols = instruments.map((i) => i.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
    for (const inst of instruments.slice(1)) {
      // November 2025 and the 2025-12-02 weekly were still on NIFTY's 75 lot (65 from the January 2026 expiries).
      expect(inst).toMatchObject({ kind: 'OPTION', exchange: 'NFO', underlying: 'NIFTY', lotSize: 75, tickSize: 5, typicalSpread: 5 });
      const o = inst as OptionInstrument;
      expect(o.symbol).toMatch(/^NIFTY\d{2}[A-Z]{3}\d{2}\d+(CE|PE)$/);
      expect(o.symbol.endsWith(o.right)).toBe(true);
    }
  });

  it('lists strikes around the opening ATM for the nearest expiry', () => {
    expect(nifty.tradingDates).toEqual(['2025-11-24', '2025-11-25', '2025-11-26']);
    expect(nifty.chainForDay(0).expiryDate).toBe('2025-11-25');
    expect(nifty.chainForDay(1).expiryDate).toBe('2025-11-25');
    expect(nifty.chainForDay(2).expiryDate).toBe('2025-12-02');
    expect(sensex.chainForDay(0).expiryDate).toBe('2025-11-27');
    expect(sensex.chainForDay(1).expiryDate).toBe('2025-11-27');
    for (const [market, step] of [
      [nifty, 5000],
      [sensex, 10_000],
    ] as const) {
      market.tradingDates.forEach((_, d) => {
        const chain = market.chainForDay(d);
        expect(chain.strikes).toHaveLength(13);
        expect(chain.strikes[6]!.strike).toBe(chain.atmAtOpen);
        chain.strikes.forEach((row, k) => {
          expect(row.strike).toBe(chain.atmAtOpen + (k - 6) * step);
          const ce = market.universe.instruments[row.ce] as OptionInstrument;
          const pe = market.universe.instruments[row.pe] as OptionInstrument;
          expect([ce.right, pe.right, ce.strike, pe.strike, ce.expiryDate]).toEqual(['CE', 'PE', row.strike, row.strike, chain.expiryDate]);
        });
        // The first index tick is within half a strike step of the ATM at the open.
        const first = [...take(market.ticksForDay(d), 1000)].find((t) => t.instrument === market.indexInstrumentId)!;
        expect(Math.abs(first.ltp - chain.atmAtOpen)).toBeLessThanOrEqual(step / 2 + 5);
        expect(nearestStrikeRow(chain, first.ltp).strike).toBe(chain.atmAtOpen);
      });
    }
  });

  it('reuses the id of a contract listed on several days', () => {
    const monday = new Set(nifty.chainForDay(0).strikes.map((r) => r.ce));
    const tuesday = nifty.chainForDay(1).strikes.map((r) => r.ce);
    const shared = tuesday.filter((id) => monday.has(id));
    const mondayStrikes = new Set(nifty.chainForDay(0).strikes.map((r) => r.strike));
    expect(shared.length).toBe(nifty.chainForDay(1).strikes.filter((r) => mondayStrikes.has(r.strike)).length);
  });

  it('starts a weekend run on Monday, with the session 09:15–15:30 IST', () => {
    const m = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-22', days: 1, seed: 1 });
    expect(m.tradingDates).toEqual(['2025-11-24']);
    const { openTs, closeTs } = m.session(0);
    expect(new Date(openTs).toISOString()).toBe('2025-11-24T03:45:00.000Z');
    expect(new Date(closeTs).toISOString()).toBe('2025-11-24T10:00:00.000Z');
    expect(weekday(openTs, 330)).toBe(1);
  });

  it('skips exchange holidays and trades the lot size and expiry in force on each date', () => {
    // Thursday 2022-04-14 and Friday 2022-04-15 were exchange holidays: that week's expiry moved to Wednesday.
    const m = createSimMarket(config, { underlying: 'NIFTY', startDate: '2022-04-11', days: 4, seed: 2 });
    expect(m.tradingDates).toEqual(['2022-04-11', '2022-04-12', '2022-04-13', '2022-04-18']);
    expect(m.tradingDates.map((_, d) => m.chainForDay(d).expiryDate)).toEqual(['2022-04-13', '2022-04-13', '2022-04-13', '2022-04-21']);
    for (const inst of m.universe.instruments.slice(1)) expect((inst as OptionInstrument).lotSize).toBe(50);
    const day = m.columnsForDay(2);
    for (let i = 0; i < day.length; i++) {
      if (day.instrument[i] === m.indexInstrumentId) continue;
      if (day.bidQty[i]! % 50 !== 0 || day.askQty[i]! % 50 !== 0) expect.fail(`quantity not a whole lot of 50 at row ${i}`);
    }
  });

  it('takes a fixed lot size when one is given', () => {
    const m = createSimMarket(config, { underlying: 'NIFTY', startDate: '2022-04-11', days: 1, seed: 2, lotSize: 75 });
    expect((m.universe.instruments[1] as OptionInstrument).lotSize).toBe(75);
    expect(() => createSimMarket(config, { underlying: 'NIFTY', startDate: '2022-04-11', days: 1, seed: 2, lotSize: 2.5 })).toThrow(/lotSize must be a positive integer/);
  });

  it('refuses dates before the contract tables', () => {
    expect(() => createSimMarket(config, { underlying: 'NIFTY', startDate: '2015-06-01', days: 1, seed: 1 })).toThrow(/no contract terms before 2016-01-01/);
  });

  it('rejects bad options and day indexes', () => {
    expect(() => createSimMarket(config, { underlying: 'BANKNIFTY', startDate: '2025-11-24', days: 1, seed: 1 })).toThrow(/unknown underlying/);
    expect(() => createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-13-01', days: 1, seed: 1 })).toThrow(RangeError);
    expect(() => createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-24', days: 0, seed: 1 })).toThrow(RangeError);
    expect(() => nifty.columnsForDay(3)).toThrow(RangeError);
    expect(() => nifty.chainForDay(-1)).toThrow(RangeError);
  });
});

describe('determinism', () => {
  it('gives identical ticks for the same seed and different ticks for another seed', () => {
    const again = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-24', days: 3, seed: 11 });
    const other = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-24', days: 3, seed: 12 });
    expect(again.universe).toEqual(nifty.universe);
    for (const day of [0, 2]) {
      expect(hashColumns(again.columnsForDay(day))).toBe(hashColumns(nifty.columnsForDay(day)));
      expect(hashColumns(other.columnsForDay(day))).not.toBe(hashColumns(nifty.columnsForDay(day)));
    }
  });

  it('ticksForDay is re-iterable, identical each time and equal to the columns', () => {
    const ticks = nifty.ticksForDay(1);
    const first = hashTicks(ticks);
    expect(hashTicks(ticks)).toBe(first);
    expect(hashTicks(nifty.ticksForDay(1))).toBe(first);
    nifty.columnsForDay(0); // evict the cache
    expect(hashTicks(nifty.ticksForDay(1))).toBe(first);
    expect(hashTicks(rows(nifty.columnsForDay(1)))).toBe(first);
  });

  it('regenerating a later day alone gives the same ticks as generating in order', () => {
    const fresh = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-24', days: 3, seed: 11 });
    expect(hashColumns(fresh.columnsForDay(2))).toBe(hashColumns(nifty.columnsForDay(2)));
  });
});

describe('tick invariants', () => {
  it('holds for every NIFTY day (incl. expiry day)', () => {
    for (let d = 0; d < nifty.tradingDates.length; d++) checkDay(nifty, d);
  });

  it('holds for SENSEX', () => {
    for (let d = 0; d < sensex.tradingDates.length; d++) checkDay(sensex, d);
  });
});

describe('depth', () => {
  it('is off by default and, when on, adds five-level books without changing the ticks', () => {
    expect(nifty.depth).toBe(false);
    const withDepth = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-24', days: 1, seed: 11, depth: true });
    expect(hashTicks(take(withDepth.ticksForDay(0), 10_000))).toBe(hashTicks(take(nifty.ticksForDay(0), 10_000)));
    for (const t of take(withDepth.ticksForDay(0), 10_000)) {
      if (t.instrument === withDepth.indexInstrumentId) {
        expect(t.depth).toBeUndefined();
        continue;
      }
      const depth = t.depth!;
      expect(depth.bids[0]).toEqual({ price: t.bid, qty: t.bidQty });
      expect(depth.asks[0]).toEqual({ price: t.ask, qty: t.askQty });
      expect(depth.asks).toHaveLength(5);
      expect(depth.bids.length).toBeGreaterThanOrEqual(1);
      expect(depth.bids.length).toBeLessThanOrEqual(5);
      for (let k = 1; k < depth.bids.length; k++) {
        expect(depth.bids[k]!.price).toBeLessThan(depth.bids[k - 1]!.price);
        expect(depth.bids[k]!.price).toBeGreaterThanOrEqual(5);
      }
      for (let k = 1; k < depth.asks.length; k++) expect(depth.asks[k]!.price).toBeGreaterThan(depth.asks[k - 1]!.price);
    }
    expect([...take(withDepth.ticksForDay(0), 2000)]).toEqual([...take(withDepth.ticksForDay(0), 2000)]);
  });
});

describe('regimes', () => {
  it('lists the hidden regimes from the open, in time order', () => {
    const spans = nifty.regimesForDay(0);
    const { openTs, closeTs } = nifty.session(0);
    expect(spans[0]!.startTs).toBe(openTs);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.startTs).toBeGreaterThan(spans[i - 1]!.startTs);
      expect(spans[i]!.regime).not.toBe(spans[i - 1]!.regime);
    }
    expect(spans.at(-1)!.startTs).toBeLessThan(closeTs);
    expect(spans.length).toBeGreaterThan(5);
    expect(new Set(spans.map((s) => s.regime))).toEqual(new Set(['TREND_UP', 'TREND_DOWN', 'RANGING', 'VOLATILE']));
  });
});
