/** TradeBook: field-exact round trips, idempotent and atomic batches, filters against a reference, open trades. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BookBatch, ClosedTradeRecord, OtherEventRecord, TradeEventRecord, TradeFilter } from '../../../src/core/model/book-records.js';
import { TradeBook } from '../../../src/adapters/store/trade-book.js';

const T0 = 1_767_585_600_000; // 2026-01-05 04:00 UTC

function fill(overrides: Partial<TradeEventRecord> = {}): TradeEventRecord {
  return {
    eventId: 'e1',
    tradeId: 't1',
    kind: 'ENTRY',
    ts: T0,
    tradingDate: '2026-01-05',
    mode: 'PAPER',
    source: 'agent',
    underlying: 'NIFTY',
    exchange: 'NFO',
    symbol: 'NIFTY06JAN2626000CE',
    side: 'CE',
    action: 'BUY',
    qty: 75,
    price: 12_345,
    signalPrice: 12_340,
    latencyMs: 120,
    charges: 2_311,
    positionQty: 75,
    reason: 'momentum 3 up',
    preset: 'nifty_normal',
    paramsVersion: 'p-abc123',
    contextJson: '{"regime":"TRENDING","momentumCount":3,"spread":5}',
    ...overrides,
  };
}

function trade(overrides: Partial<ClosedTradeRecord> = {}): ClosedTradeRecord {
  return {
    tradeId: 't1',
    mode: 'PAPER',
    source: 'agent',
    underlying: 'NIFTY',
    exchange: 'NFO',
    symbol: 'NIFTY06JAN2626000CE',
    side: 'CE',
    qty: 150,
    entryTs: T0,
    exitTs: T0 + 90_000,
    entryPrice: 12_372.5,
    exitPrice: 12_100,
    grossPnl: -40_875,
    charges: 6_120,
    netPnl: -46_995,
    exitReason: 'trail_stop',
    preset: 'nifty_normal',
    paramsVersion: 'p-abc123',
    regime: 'TRENDING',
    tradingDate: '2026-01-05',
    utcOffsetMin: 330,
    ...overrides,
  };
}

function other(overrides: Partial<OtherEventRecord> = {}): OtherEventRecord {
  return { eventId: 'o1', ts: T0, kind: 'RiskDenied', json: '{"kind":"RiskDenied","side":"CE","reason":"cooldown"}', ...overrides };
}

const batch = (b: Partial<BookBatch>): BookBatch => ({ events: [], trades: [], others: [], ...b });

let dir: string;
let books: TradeBook[];
const open = (name = 'book.sqlite'): TradeBook => {
  const b = TradeBook.open(join(dir, name));
  books.push(b);
  return b;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-'));
  books = [];
});
afterEach(() => {
  for (const b of books) b.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Everything a book holds, in a fixed order. */
function contents(b: TradeBook): { events: TradeEventRecord[]; trades: ClosedTradeRecord[]; others: OtherEventRecord[] } {
  return { events: b.events(), trades: b.closedTrades(), others: b.otherEvents() };
}

describe('TradeBook round trips', () => {
  it('reads back every field of every record exactly, nulls included', () => {
    const b = open();
    const full = fill();
    const nulls = fill({ eventId: 'e2', tradeId: 't2', signalPrice: null, latencyMs: null, positionQty: null, preset: null, paramsVersion: null, contextJson: null, source: 'chart', mode: 'LIVE', side: 'PE' });
    const closed = trade();
    const closedNulls = trade({ tradeId: 't2', preset: null, paramsVersion: null, regime: 'UNKNOWN', entryPrice: 8_000, exitPrice: 8_012.333333333334, grossPnl: 925, charges: 0, netPnl: 925, utcOffsetMin: -300 });
    const o = other();
    expect(b.insert(batch({ events: [full, nulls], trades: [closed, closedNulls], others: [o] }))).toEqual({ events: 2, trades: 2, others: 1 });

    expect(b.getEvent('e1')).toStrictEqual(full);
    expect(b.getEvent('e2')).toStrictEqual(nulls);
    expect(b.closedTrade('t1')).toStrictEqual(closed);
    expect(b.closedTrade('t2')).toStrictEqual(closedNulls);
    expect(b.otherEvents()).toStrictEqual([o]);
    expect(b.getEvent('missing')).toBeUndefined();
    expect(b.closedTrade('missing')).toBeUndefined();
    expect(b.counts()).toEqual({ events: 2, trades: 2, others: 1 });
  });

  it('keeps what was written after the book is closed and opened again', () => {
    const first = open();
    first.insert(batch({ events: [fill()], trades: [trade()], others: [other()] }));
    first.close();
    const again = open();
    expect(again.getEvent('e1')).toStrictEqual(fill());
    expect(again.closedTrade('t1')).toStrictEqual(trade());
    expect(again.counts()).toEqual({ events: 1, trades: 1, others: 1 });
  });

  it('orders the fills of a trade by time, then by insertion', () => {
    const b = open();
    b.insert(batch({ events: [fill({ eventId: 'late', ts: T0 + 5 }), fill({ eventId: 'a', ts: T0 }), fill({ eventId: 'b', ts: T0 }), fill({ eventId: 'other', tradeId: 't9' })] }));
    expect(b.fillsOfTrade('t1').map((f) => f.eventId)).toEqual(['a', 'b', 'late']);
    expect(b.fillsOfTrade('none')).toEqual([]);
  });
});

describe('TradeBook batches', () => {
  it('is idempotent: writing the same batch again inserts nothing and changes nothing', () => {
    const b = open();
    const whole = batch({ events: [fill(), fill({ eventId: 'e2', kind: 'EXIT', action: 'SELL', ts: T0 + 90_000, positionQty: 0 })], trades: [trade()], others: [other()] });
    expect(b.insert(whole)).toEqual({ events: 2, trades: 1, others: 1 });
    const before = contents(b);
    expect(b.insert(whole)).toEqual({ events: 0, trades: 0, others: 0 });
    expect(b.insert(batch({ events: [fill({ price: 99 })] }))).toEqual({ events: 0, trades: 0, others: 0 });
    expect(contents(b)).toStrictEqual(before);
    expect(b.counts()).toEqual({ events: 2, trades: 1, others: 1 });
  });

  it('counts only the new rows of a batch that is partly stored', () => {
    const b = open();
    b.insert(batch({ events: [fill()] }));
    expect(b.insert(batch({ events: [fill(), fill({ eventId: 'e2' })], others: [other()] }))).toEqual({ events: 1, trades: 0, others: 1 });
  });

  it.each<[string, Partial<BookBatch>, RegExp]>([
    ['a zero quantity', { events: [fill({ eventId: 'bad', qty: 0 })] }, /trade_events row "bad": CHECK constraint failed: qty > 0/],
    ['a fractional price', { events: [fill({ eventId: 'bad', price: 100.5 })] }, /trade_events row "bad": cannot store REAL value in INTEGER column trade_events\.price_minor/],
    ['an unknown kind', { events: [fill({ eventId: 'bad', kind: 'OOPS' as never })] }, /CHECK constraint failed: kind IN/],
    ['a bad trading date', { events: [fill({ eventId: 'bad', tradingDate: '5/1/2026' })] }, /CHECK constraint failed: trading_date GLOB/],
    ['invalid context JSON', { events: [fill({ eventId: 'bad', contextJson: '{nope' })] }, /json_valid\(context_json\)/],
    ['net ≠ gross − charges', { trades: [trade({ tradeId: 'bad', netPnl: 1 })] }, /closed_trades row "bad": CHECK constraint failed: net_pnl_minor = gross_pnl_minor - charges_minor/],
    ['an exit before the entry', { trades: [trade({ tradeId: 'bad', exitTs: T0 - 1 })] }, /closed_trades row "bad": CHECK constraint failed: exit_ts >= entry_ts/],
    ['invalid event JSON', { others: [other({ eventId: 'bad', json: '' })] }, /other_events row "bad": CHECK constraint failed: json_valid\(json\)/],
  ])('rolls back a whole batch whose last row has %s, naming the table, the row and the rule', (_, bad, message) => {
    const b = open();
    b.insert(batch({ events: [fill({ eventId: 'kept' })] }));
    const before = contents(b);
    const failing = batch({
      events: [fill({ eventId: 'n1', tradeId: 'tn' }), fill({ eventId: 'n2', tradeId: 'tn' }), ...(bad.events ?? [])],
      trades: [trade({ tradeId: 'tn' }), ...(bad.trades ?? [])],
      others: [other({ eventId: 'on' }), ...(bad.others ?? [])],
    });
    expect(() => b.insert(failing)).toThrow(message);
    expect(() => b.insert(failing)).toThrow(/book\.sqlite: batch not stored \(rolled back\)/);
    expect(contents(b)).toStrictEqual(before);
    expect(b.counts()).toEqual({ events: 1, trades: 0, others: 0 });
  });
});

describe('TradeBook queries', () => {
  it('lists open trades (fills, no closed row) by their first fill, each with its fills in order', () => {
    const b = open();
    b.insert(
      batch({
        events: [
          fill({ eventId: 'a1', tradeId: 'closed', ts: T0 }),
          fill({ eventId: 'b2', tradeId: 'b', ts: T0 + 30, kind: 'AVERAGE' }),
          fill({ eventId: 'b1', tradeId: 'b', ts: T0 + 10 }),
          fill({ eventId: 'c1', tradeId: 'c', ts: T0 + 20 }),
          fill({ eventId: 'a2', tradeId: 'closed', ts: T0 + 40, kind: 'EXIT', action: 'SELL' }),
        ],
        trades: [trade({ tradeId: 'closed' })],
      }),
    );
    const open_ = b.openTrades();
    expect(open_.map((t) => [t.tradeId, t.fills.map((f) => f.eventId)])).toEqual([
      ['b', ['b1', 'b2']],
      ['c', ['c1']],
    ]);
    expect(open_[1]!.fills[0]).toStrictEqual(fill({ eventId: 'c1', tradeId: 'c', ts: T0 + 20 }));
    b.insert(batch({ trades: [trade({ tradeId: 'b' })] }));
    expect(b.openTrades().map((t) => t.tradeId)).toEqual(['c']);
  });

  it('lists the closed trades of one trading date by exit time, then trade id', () => {
    const b = open();
    b.insert(
      batch({
        trades: [
          trade({ tradeId: 'z', exitTs: T0 + 100 }),
          trade({ tradeId: 'y', exitTs: T0 + 100 }),
          trade({ tradeId: 'x', exitTs: T0 + 200 }),
          trade({ tradeId: 'next', tradingDate: '2026-01-06' }),
        ],
      }),
    );
    expect(b.tradesForDate('2026-01-05').map((t) => t.tradeId)).toEqual(['y', 'z', 'x']);
    expect(b.tradesForDate('2026-01-06').map((t) => t.tradeId)).toEqual(['next']);
    expect(b.tradesForDate('2026-01-07')).toEqual([]);
  });

  it('lists other events from a time on (inclusive), by time then insertion', () => {
    const b = open();
    b.insert(batch({ others: [other({ eventId: 'late', ts: T0 + 2 }), other({ eventId: 'x', ts: T0 + 1 }), other({ eventId: 'y', ts: T0 + 1 }), other({ eventId: 'early', ts: T0 })] }));
    expect(b.otherEvents().map((o) => o.eventId)).toEqual(['early', 'x', 'y', 'late']);
    expect(b.otherEvents(T0 + 1).map((o) => o.eventId)).toEqual(['x', 'y', 'late']);
    expect(b.otherEvents(T0 + 3)).toEqual([]);
  });

  it('applies each filter field alone and all together', () => {
    const b = open();
    const base = { mode: 'PAPER', source: 'agent', symbol: 'S1', side: 'CE', underlying: 'NIFTY', preset: 'p1', paramsVersion: 'v1' } as const;
    const variants: [keyof TradeFilter, string | null][] = [
      ['mode', 'LIVE'],
      ['source', 'chart'],
      ['symbol', 'S2'],
      ['side', 'PE'],
      ['underlying', 'SENSEX'],
      ['preset', 'p2'],
      ['preset', null],
      ['paramsVersion', 'v2'],
      ['paramsVersion', null],
    ];
    const trades = [trade({ tradeId: 'match', ...base, exitTs: T0 + 10 }), ...variants.map(([k, v], i) => trade({ tradeId: `off-${i}`, ...base, [k]: v, exitTs: T0 + 10 }))];
    const events = [fill({ eventId: 'match', ...base, ts: T0 + 10 }), ...variants.map(([k, v], i) => fill({ eventId: `off-${i}`, ...base, [k]: v, ts: T0 + 10 }))];
    b.insert(batch({ events, trades }));

    for (const [key, value] of Object.entries(base)) {
      const f = { [key]: value } as TradeFilter;
      const offByThisField = variants.map(([k], i) => (k === key ? `off-${i}` : null)).filter((x) => x !== null);
      const expected = ['match', ...variants.map((_, i) => `off-${i}`).filter((id) => !offByThisField.includes(id))].sort();
      expect(b.closedTrades(f).map((t) => t.tradeId).sort(), key).toEqual(expected);
      expect(b.events(f).map((e) => e.eventId).sort(), key).toEqual(expected);
    }
    expect(b.closedTrades(base).map((t) => t.tradeId)).toEqual(['match']);
    expect(b.events(base).map((e) => e.eventId)).toEqual(['match']);
    expect(b.closedTrades({ ...base, fromTs: T0 + 10, toTs: T0 + 11 }).map((t) => t.tradeId)).toEqual(['match']);
    expect(b.closedTrades({ ...base, fromTs: T0 + 11 })).toEqual([]);
    expect(b.events({ ...base, toTs: T0 + 10 })).toEqual([]);
  });
});

// Small domains, so that random filters match some rows and not others.
const tsArb = fc.integer({ min: T0, max: T0 + 50 });
const optional = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null });
const eventArb: fc.Arbitrary<TradeEventRecord> = fc
  .record({
    eventId: fc.string({ minLength: 1, maxLength: 8 }),
    tradeId: fc.constantFrom('t1', 't2', 't3', 't4'),
    kind: fc.constantFrom('ENTRY', 'AVERAGE', 'PARTIAL_EXIT', 'EXIT'),
    ts: tsArb,
    tradingDate: fc.constantFrom('2026-01-05', '2026-01-06'),
    mode: fc.constantFrom('PAPER', 'LIVE'),
    source: fc.constantFrom('agent', 'scalping', 'chart'),
    underlying: fc.constantFrom('NIFTY', 'SENSEX'),
    exchange: fc.constantFrom('NFO', 'BFO'),
    symbol: fc.constantFrom('S1', 'S2', 'S3'),
    side: fc.constantFrom('CE', 'PE'),
    action: fc.constantFrom('BUY', 'SELL'),
    qty: fc.integer({ min: 1, max: 10_000 }),
    price: fc.integer({ min: 1, max: 100_000_000 }),
    signalPrice: optional(fc.integer({ min: 1, max: 100_000_000 })),
    latencyMs: optional(fc.integer({ min: -1_000, max: 60_000 })),
    charges: fc.integer({ min: 0, max: 10_000_000 }),
    positionQty: optional(fc.integer({ min: 0, max: 10_000 })),
    reason: fc.string(),
    preset: optional(fc.constantFrom('p1', 'p2')),
    paramsVersion: optional(fc.constantFrom('v1', 'v2')),
    contextJson: optional(fc.json()),
  })
  // fc.record builds null-prototype objects; rows come back as plain ones.
  .map((e) => ({ ...e }));
const tradeArb: fc.Arbitrary<ClosedTradeRecord> = fc
  .record({
    tradeId: fc.string({ minLength: 1, maxLength: 8 }),
    mode: fc.constantFrom('PAPER', 'LIVE'),
    source: fc.constantFrom('agent', 'scalping', 'chart'),
    underlying: fc.constantFrom('NIFTY', 'SENSEX'),
    exchange: fc.constantFrom('NFO', 'BFO'),
    symbol: fc.constantFrom('S1', 'S2', 'S3'),
    side: fc.constantFrom('CE', 'PE'),
    qty: fc.integer({ min: 1, max: 10_000 }),
    entryTs: tsArb,
    holdMs: fc.integer({ min: 0, max: 20 }),
    entryPrice: fc.double({ min: 1, max: 1e8, noNaN: true }),
    exitPrice: fc.double({ min: 1, max: 1e8, noNaN: true }),
    grossPnl: fc.integer({ min: -1e9, max: 1e9 }),
    charges: fc.integer({ min: 0, max: 1e7 }),
    exitReason: fc.constantFrom('take_profit', 'stop_loss', 'manual'),
    preset: optional(fc.constantFrom('p1', 'p2')),
    paramsVersion: optional(fc.constantFrom('v1', 'v2')),
    regime: fc.constantFrom('UNKNOWN', 'TRENDING', 'RANGING', 'VOLATILE'),
    tradingDate: fc.constantFrom('2026-01-05', '2026-01-06'),
    utcOffsetMin: fc.constantFrom(330, 0, -300),
  })
  .map(({ holdMs, ...t }) => ({ ...t, exitTs: t.entryTs + holdMs, netPnl: t.grossPnl - t.charges }));
const otherArb: fc.Arbitrary<OtherEventRecord> = fc
  .record({
    eventId: fc.string({ minLength: 1, maxLength: 8 }),
    ts: tsArb,
    kind: fc.constantFrom('RiskDenied', 'ParamsApplied'),
    json: fc.json(),
  })
  .map((o) => ({ ...o }));
const filterArb: fc.Arbitrary<TradeFilter> = fc.record(
  {
    mode: fc.constantFrom('PAPER', 'LIVE'),
    source: fc.constantFrom('agent', 'scalping', 'chart'),
    symbol: fc.constantFrom('S1', 'S2', 'S3'),
    side: fc.constantFrom('CE', 'PE'),
    underlying: fc.constantFrom('NIFTY', 'SENSEX'),
    preset: fc.constantFrom('p1', 'p2'),
    paramsVersion: fc.constantFrom('v1', 'v2'),
    fromTs: tsArb,
    toTs: tsArb,
  },
  { requiredKeys: [] },
);

/** The filter, evaluated in JS: the reference the SQL must agree with. */
function matches(r: TradeEventRecord | ClosedTradeRecord, time: number, f: TradeFilter): boolean {
  return (
    (f.mode === undefined || r.mode === f.mode) &&
    (f.source === undefined || r.source === f.source) &&
    (f.symbol === undefined || r.symbol === f.symbol) &&
    (f.side === undefined || r.side === f.side) &&
    (f.underlying === undefined || r.underlying === f.underlying) &&
    (f.preset === undefined || r.preset === f.preset) &&
    (f.paramsVersion === undefined || r.paramsVersion === f.paramsVersion) &&
    (f.fromTs === undefined || time >= f.fromTs) &&
    (f.toTs === undefined || time < f.toTs)
  );
}

const byId = <T>(id: (r: T) => string) => (a: T, b: T): number => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

describe('TradeBook properties', () => {
  it('random batches written twice, in any split, leave the same contents as one write', () => {
    const records = fc.record({
      events: fc.uniqueArray(eventArb, { selector: (e) => e.eventId, maxLength: 30 }),
      trades: fc.uniqueArray(tradeArb, { selector: (t) => t.tradeId, maxLength: 10 }),
      others: fc.uniqueArray(otherArb, { selector: (o) => o.eventId, maxLength: 10 }),
    });
    const cuts = fc.array(fc.nat(), { maxLength: 4 });
    let run = 0;
    fc.assert(
      fc.property(records, cuts, cuts, (all, cutsA, cutsB) => {
        const b = open(`prop-${run++}.sqlite`);
        const inserted = { events: 0, trades: 0, others: 0 };
        for (const cutList of [cutsA, cutsB]) {
          for (const part of split(all, cutList)) {
            const n = b.insert(part);
            inserted.events += n.events;
            inserted.trades += n.trades;
            inserted.others += n.others;
          }
        }
        expect(inserted).toEqual({ events: all.events.length, trades: all.trades.length, others: all.others.length });
        expect(b.counts()).toEqual(inserted);
        expect(b.events().sort(byId((e) => e.eventId))).toStrictEqual([...all.events].sort(byId((e) => e.eventId)));
        expect(b.closedTrades().sort(byId((t) => t.tradeId))).toStrictEqual([...all.trades].sort(byId((t) => t.tradeId)));
        expect(b.otherEvents().sort(byId((o) => o.eventId))).toStrictEqual([...all.others].sort(byId((o) => o.eventId)));
        b.close();
      }),
      { numRuns: 40 },
    );
  });

  it('every combination of filters agrees with the same filter evaluated in JS, in the documented order', () => {
    const b = open();
    const events = fc.sample(fc.uniqueArray(eventArb, { selector: (e) => e.eventId, minLength: 200, maxLength: 200 }), { seed: 1, numRuns: 1 })[0]!;
    const trades = fc.sample(fc.uniqueArray(tradeArb, { selector: (t) => t.tradeId, minLength: 200, maxLength: 200 }), { seed: 2, numRuns: 1 })[0]!;
    b.insert(batch({ events, trades }));
    // Insertion order breaks ties of ts for events (seq); trade id breaks ties of exit time for trades.
    const eventOrder = events.map((e, seq) => ({ e, seq })).sort((x, y) => x.e.ts - y.e.ts || x.seq - y.seq).map((x) => x.e);
    const tradeOrder = [...trades].sort((x, y) => x.exitTs - y.exitTs || byId<ClosedTradeRecord>((t) => t.tradeId)(x, y));
    fc.assert(
      fc.property(filterArb, (f) => {
        expect(b.events(f)).toStrictEqual(eventOrder.filter((e) => matches(e, e.ts, f)));
        expect(b.closedTrades(f)).toStrictEqual(tradeOrder.filter((t) => matches(t, t.exitTs, f)));
      }),
      { numRuns: 300 },
    );
  });
});

/** Splits each list of the batch at the cut points (taken modulo its length + 1) into consecutive, possibly empty, batches. */
function split(all: BookBatch, cuts: readonly number[]): BookBatch[] {
  const chunks = <T>(xs: readonly T[]): T[][] => {
    const bounds = [0, ...cuts.map((c) => c % (xs.length + 1)).sort((a, b) => a - b), xs.length];
    return bounds.slice(1).map((end, i) => xs.slice(bounds[i], end));
  };
  const trades = chunks(all.trades);
  const others = chunks(all.others);
  return chunks(all.events).map((events, i) => ({ events, trades: trades[i]!, others: others[i]! }));
}
