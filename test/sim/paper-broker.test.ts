/** The paper broker: Broker contract plus its fill rules (quote side, slippage, latency, no-quote fallback, determinism). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fill, OrderReport } from '../../src/core/model/fill.js';
import type { Universe } from '../../src/core/model/instrument.js';
import type { MutableTick, Tick } from '../../src/core/model/tick.js';
import type { Rng, SubmitOrder } from '../../src/core/ports.js';
import { createRng } from '../../src/core/rng.js';
import { PaperBroker, type PaperFillConfig } from '../../src/sim/broker/paper-broker.js';
import { brokerContract } from '../contracts/broker.contract.js';

const IST = 330;
const INDEX = 0;
const CE = 1;
const PE = 2;
const universe: Universe = {
  instruments: [
    { id: INDEX, kind: 'INDEX', symbol: 'NIFTY', exchange: 'NSE', utcOffsetMin: IST, tickSize: 5 },
    {
      id: CE,
      kind: 'OPTION',
      symbol: 'NIFTY25AUG2625000CE',
      exchange: 'NSE',
      utcOffsetMin: IST,
      tickSize: 5,
      right: 'CE',
      underlying: 'NIFTY',
      strike: 2_500_000,
      expiryDate: '2025-08-26',
      lotSize: 75,
      typicalSpread: 10,
    },
    {
      id: PE,
      kind: 'OPTION',
      symbol: 'NIFTY25AUG2625000PE',
      exchange: 'NSE',
      utcOffsetMin: IST,
      tickSize: 5,
      right: 'PE',
      underlying: 'NIFTY',
      strike: 2_500_000,
      expiryDate: '2025-08-26',
      lotSize: 75,
      typicalSpread: 5,
    },
  ],
};

const NO_SLIP: PaperFillConfig = { latencyMs: 0, slippageTicks: 0, slippageProbability: 0 };

const tick = (instrument: number, ts: number, ltp: number, bid: number, ask: number): Tick => ({
  ts,
  instrument,
  ltp,
  bid,
  ask,
  bidQty: 100,
  askQty: 100,
});

const order = (orderId: string, action: 'BUY' | 'SELL', ts: number, instrument = CE, qty = 75): SubmitOrder => ({
  orderId,
  instrument,
  action,
  purpose: action === 'BUY' ? 'ENTRY' : 'EXIT',
  qty,
  ts,
});

function drain(b: PaperBroker): OrderReport[] {
  const out: OrderReport[] = [];
  b.drainReports((r) => out.push(r));
  return out;
}

const fillsOf = (reports: readonly OrderReport[]): Fill[] => reports.flatMap((r) => (r.kind === 'filled' ? [r.fill] : []));

/** An Rng that returns the given values in turn and counts draws. */
function scripted(values: number[]): Rng & { draws: number } {
  const r = {
    draws: 0,
    next(): number {
      const v = values[r.draws % values.length] ?? 0;
      r.draws++;
      return v;
    },
  };
  return r;
}

brokerContract('PaperBroker', () => {
  const broker = new PaperBroker(universe, { latencyMs: 250, slippageTicks: 1, slippageProbability: 0.5 }, createRng(7));
  let ts = 1_000;
  broker.onTick(tick(CE, ts, 10_000, 9_995, 10_005));
  return {
    broker,
    validOrder: (id) => order(id, 'BUY', ts),
    invalidOrder: (id) => order(id, 'BUY', ts, CE, 74),
    advance: () => {
      ts += 100;
      broker.onTick(tick(INDEX, ts, 2_500_000, 0, 0));
      broker.onTick(tick(CE, ts, 10_000, 9_995, 10_005));
    },
  };
});

describe('PaperBroker fill price', () => {
  it('BUY fills at the ask, SELL at the bid, on the triggering tick with latency 0', () => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    b.onTick(tick(CE, 1_000, 10_000, 9_990, 10_010));
    b.submit(order('b', 'BUY', 1_000));
    b.submit(order('s', 'SELL', 1_000));
    expect(drain(b)).toEqual([
      { kind: 'accepted', orderId: 'b', ts: 1_000 },
      { kind: 'filled', fill: { orderId: 'b', instrument: CE, ts: 1_000, action: 'BUY', qty: 75, price: 10_010 }, final: true },
      { kind: 'accepted', orderId: 's', ts: 1_000 },
      { kind: 'filled', fill: { orderId: 's', instrument: CE, ts: 1_000, action: 'SELL', qty: 75, price: 9_990 }, final: true },
    ]);
  });

  it('fixed slippage is adverse: BUY above the ask, SELL below the bid', () => {
    const rng = scripted([0.5]);
    const b = new PaperBroker(universe, { latencyMs: 0, slippageTicks: 2, slippageProbability: 0 }, rng);
    b.onTick(tick(CE, 1_000, 10_000, 9_990, 10_010));
    b.submit(order('b', 'BUY', 1_000));
    b.submit(order('s', 'SELL', 1_000));
    expect(fillsOf(drain(b)).map((f) => f.price)).toEqual([10_020, 9_980]);
    expect(rng.draws).toBe(0); // probability 0: nothing to draw
  });

  it('the extra tick comes with slippageProbability, one draw per fill', () => {
    // Draws 0.2 < 0.5 → extra tick; 0.7 ≥ 0.5 → none.
    const rng = scripted([0.2, 0.7]);
    const b = new PaperBroker(universe, { latencyMs: 0, slippageTicks: 1, slippageProbability: 0.5 }, rng);
    b.onTick(tick(CE, 1_000, 10_000, 9_990, 10_010));
    b.submit(order('b1', 'BUY', 1_000));
    b.submit(order('b2', 'BUY', 1_000));
    b.submit(order('s1', 'SELL', 1_000));
    b.submit(order('s2', 'SELL', 1_000));
    b.submit(order('bad', 'SELL', 1_000, CE, 10)); // rejected: no draw
    expect(fillsOf(drain(b)).map((f) => f.price)).toEqual([10_010 + 10, 10_010 + 5, 9_990 - 10, 9_990 - 5]);
    expect(rng.draws).toBe(4);
  });

  it('probability 1 always adds the extra tick without drawing', () => {
    const rng = scripted([0.99]);
    const b = new PaperBroker(universe, { latencyMs: 0, slippageTicks: 0, slippageProbability: 1 }, rng);
    b.onTick(tick(CE, 1_000, 10_000, 9_990, 10_010));
    b.submit(order('b', 'BUY', 1_000));
    expect(fillsOf(drain(b))[0]?.price).toBe(10_015);
    expect(rng.draws).toBe(0);
  });

  it('a SELL never fills below one tick', () => {
    const b = new PaperBroker(universe, { latencyMs: 0, slippageTicks: 3, slippageProbability: 0 }, createRng(1));
    b.onTick(tick(CE, 1_000, 10, 5, 10));
    b.submit(order('s', 'SELL', 1_000));
    expect(fillsOf(drain(b))[0]?.price).toBe(5);
  });

  it('without a quote an option fills at LTP ± half its typical spread, rounded against the trader to the tick', () => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    // CE: typicalSpread 10 → ±5
    b.onTick(tick(CE, 1_000, 10_000, 0, 0));
    // PE: typicalSpread 5 → half 2.5 → 3 paise → 10_003 / 9_997 → on the 5-paise grid 10_005 / 9_995
    b.onTick(tick(PE, 1_000, 10_000, 9_990, 0)); // one side missing counts as no quote
    b.submit(order('cb', 'BUY', 1_000, CE));
    b.submit(order('cs', 'SELL', 1_000, CE));
    b.submit(order('pb', 'BUY', 1_000, PE));
    b.submit(order('ps', 'SELL', 1_000, PE));
    expect(fillsOf(drain(b)).map((f) => [f.orderId, f.price])).toEqual([
      ['cb', 10_005],
      ['cs', 9_995],
      ['pb', 10_005],
      ['ps', 9_995],
    ]);
  });

  it('does not retain the tick object (callers may reuse it)', () => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    const t: MutableTick = { ts: 1_000, instrument: CE, ltp: 10_000, bid: 9_990, ask: 10_010, bidQty: 1, askQty: 1 };
    b.onTick(t);
    t.instrument = PE;
    t.ask = 99_999;
    t.ts = 5_000;
    b.submit(order('b', 'BUY', 1_000));
    expect(fillsOf(drain(b))[0]).toMatchObject({ price: 10_010, ts: 1_000 });
  });
});

describe('PaperBroker latency', () => {
  it('fills on the first tick of the same instrument at or after ts + latency', () => {
    const b = new PaperBroker(universe, { latencyMs: 500, slippageTicks: 0, slippageProbability: 0 }, createRng(1));
    b.onTick(tick(CE, 1_000, 10_000, 9_990, 10_010));
    b.submit(order('b', 'BUY', 1_000));
    expect(drain(b)).toEqual([{ kind: 'accepted', orderId: 'b', ts: 1_000 }]);
    b.onTick(tick(PE, 1_600, 20_000, 19_990, 20_010)); // other instrument: no fill
    b.onTick(tick(INDEX, 1_700, 2_500_000, 0, 0));
    b.onTick(tick(CE, 1_499, 10_100, 10_090, 10_110)); // too early
    expect(drain(b)).toEqual([]);
    b.onTick(tick(CE, 1_500, 10_200, 10_190, 10_210));
    b.onTick(tick(CE, 1_501, 10_300, 10_290, 10_310));
    expect(fillsOf(drain(b))).toEqual([{ orderId: 'b', instrument: CE, ts: 1_500, action: 'BUY', qty: 75, price: 10_210 }]);
    b.onTick(tick(CE, 2_000, 10_300, 10_290, 10_310));
    expect(drain(b)).toEqual([]);
  });

  it('with latency 0 an older latest tick does not count: the next tick of the instrument fills', () => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    b.onTick(tick(CE, 900, 10_000, 9_990, 10_010));
    b.onTick(tick(INDEX, 1_000, 2_500_000, 0, 0)); // the decision tick
    b.submit(order('b', 'BUY', 1_000));
    expect(drain(b)).toHaveLength(1);
    b.onTick(tick(CE, 1_050, 10_050, 10_040, 10_060));
    expect(fillsOf(drain(b))).toMatchObject([{ ts: 1_050, price: 10_060 }]);
  });

  it('waits for the first tick of an instrument never seen yet', () => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    b.submit(order('s', 'SELL', 1_000, PE));
    expect(fillsOf(drain(b))).toEqual([]);
    b.onTick(tick(PE, 1_200, 10_000, 9_990, 10_010));
    expect(fillsOf(drain(b))).toMatchObject([{ orderId: 's', ts: 1_200, price: 9_990 }]);
  });

  it('fills several due orders of one instrument in submit order', () => {
    const b = new PaperBroker(universe, { latencyMs: 100, slippageTicks: 0, slippageProbability: 0 }, createRng(1));
    b.submit(order('a', 'BUY', 1_000));
    b.submit(order('c', 'SELL', 1_000, PE));
    b.submit(order('d', 'SELL', 1_050));
    drain(b);
    b.onTick(tick(CE, 1_100, 10_000, 9_990, 10_010));
    expect(fillsOf(drain(b)).map((f) => f.orderId)).toEqual(['a']);
    b.onTick(tick(CE, 1_150, 10_000, 9_990, 10_010));
    expect(fillsOf(drain(b)).map((f) => f.orderId)).toEqual(['d']);
    b.onTick(tick(PE, 1_150, 10_000, 9_990, 10_010));
    expect(fillsOf(drain(b)).map((f) => f.orderId)).toEqual(['c']);
  });
});

describe('PaperBroker rejections and invariants', () => {
  const rejectionOf = (o: SubmitOrder): string => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    b.onTick(tick(CE, 1_000, 10_000, 9_990, 10_010));
    b.onTick(tick(INDEX, 1_000, 2_500_000, 2_499_995, 2_500_005));
    b.submit(o);
    const reports = drain(b);
    expect(reports).toHaveLength(1);
    const r = reports[0];
    if (r?.kind !== 'rejected') throw new Error(`expected a rejection, got ${JSON.stringify(r)}`);
    return r.reason;
  };

  it('rejects bad quantities, unknown instruments and indices, with a reason', () => {
    expect(rejectionOf(order('x', 'BUY', 1_000, CE, 0))).toMatch(/qty must be a positive whole number/);
    expect(rejectionOf(order('x', 'BUY', 1_000, CE, -75))).toMatch(/qty/);
    expect(rejectionOf(order('x', 'BUY', 1_000, CE, 75.5))).toMatch(/qty/);
    expect(rejectionOf(order('x', 'BUY', 1_000, CE, 100))).toMatch(/not a multiple of the lot size 75/);
    expect(rejectionOf(order('x', 'BUY', 1_000, 9))).toMatch(/unknown instrument id 9/);
    expect(rejectionOf(order('x', 'BUY', 1_000, -1))).toMatch(/unknown instrument/);
    expect(rejectionOf(order('x', 'BUY', 1_000, INDEX))).toMatch(/NIFTY is an index/);
  });

  it('validates its config, naming the field', () => {
    const make = (c: PaperFillConfig) => () => new PaperBroker(universe, c, createRng(1));
    expect(make({ ...NO_SLIP, latencyMs: -1 })).toThrow(/latencyMs must be a non-negative integer/);
    expect(make({ ...NO_SLIP, latencyMs: 1.5 })).toThrow(/latencyMs/);
    expect(make({ ...NO_SLIP, slippageTicks: 0.5 })).toThrow(/slippageTicks must be a non-negative integer/);
    expect(make({ ...NO_SLIP, slippageProbability: 1.1 })).toThrow(/slippageProbability must be a number in \[0, 1\]/);
    expect(make({ ...NO_SLIP, slippageProbability: Number.NaN })).toThrow(/slippageProbability/);
  });

  it('throws on a tick for an instrument outside the universe', () => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    expect(() => b.onTick(tick(3, 1_000, 100, 95, 105))).toThrow(/unknown instrument id 3/);
  });

  it('keeps undelivered reports when the sink throws', () => {
    const b = new PaperBroker(universe, NO_SLIP, createRng(1));
    b.onTick(tick(CE, 1_000, 10_000, 9_990, 10_010));
    b.submit(order('b', 'BUY', 1_000));
    expect(() =>
      b.drainReports(() => {
        throw new Error('sink failed');
      }),
    ).toThrow('sink failed');
    expect(drain(b)).toMatchObject([{ kind: 'filled', fill: { orderId: 'b' } }]);
  });
});

describe('PaperBroker determinism', () => {
  const run = (seed: number): OrderReport[] => {
    const b = new PaperBroker(universe, { latencyMs: 30, slippageTicks: 1, slippageProbability: 0.5 }, createRng(seed));
    const out: OrderReport[] = [];
    for (let k = 0; k < 200; k++) {
      const ts = 1_000 + k * 10;
      b.onTick(tick(k % 2 === 0 ? CE : PE, ts, 10_000 + k * 5, 9_995 + k * 5, 10_005 + k * 5));
      if (k % 3 === 0) b.submit(order(`o${k}`, k % 2 === 0 ? 'BUY' : 'SELL', ts, k % 4 === 0 ? CE : PE));
      b.drainReports((r) => out.push(r));
    }
    return out;
  };

  it('the same seed gives the same reports; another seed other slippage', () => {
    const a = run(42);
    expect(run(42)).toEqual(a);
    expect(fillsOf(a).length).toBeGreaterThan(50);
    expect(fillsOf(run(43)).map((f) => f.price)).not.toEqual(fillsOf(a).map((f) => f.price));
  });
});

describe('PaperBroker properties', () => {
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('tick' as const),
      instrument: fc.constantFrom(INDEX, CE, PE),
      dt: fc.integer({ min: 0, max: 200 }),
      bidTicks: fc.integer({ min: 1, max: 4_000 }),
      spreadTicks: fc.integer({ min: 1, max: 10 }),
    }),
    fc.record({
      kind: fc.constant('order' as const),
      instrument: fc.constantFrom(CE, PE),
      action: fc.constantFrom('BUY' as const, 'SELL' as const),
      lots: fc.integer({ min: 1, max: 5 }),
    }),
  );
  const config = fc.record({
    latencyMs: fc.integer({ min: 0, max: 500 }),
    slippageTicks: fc.integer({ min: 0, max: 3 }),
    slippageProbability: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it('BUY never fills below the ask, SELL never above the bid, on the first due tick; every order fills once', () => {
    fc.assert(
      fc.property(config, fc.integer(), fc.array(step, { maxLength: 150 }), (cfg, seed, steps) => {
        const b = new PaperBroker(universe, cfg, createRng(seed));
        const latest = new Map<number, Tick>();
        const previous = new Map<number, Tick>();
        const orders = new Map<string, SubmitOrder>();
        const filled = new Set<string>();
        let ts = 1_000;
        let n = 0;
        const check = (r: OrderReport): void => {
          if (r.kind !== 'filled') return;
          const f = r.fill;
          const t = latest.get(f.instrument);
          const o = orders.get(f.orderId);
          if (t === undefined || o === undefined) throw new Error('fill without a tick or an order');
          expect(filled.has(f.orderId)).toBe(false);
          filled.add(f.orderId);
          expect(f.ts).toBe(t.ts);
          expect(f.qty).toBe(o.qty);
          if (f.action === 'BUY') expect(f.price).toBeGreaterThanOrEqual(t.ask);
          else expect(f.price).toBeLessThanOrEqual(t.bid);
          const due = o.ts + cfg.latencyMs;
          expect(f.ts).toBeGreaterThanOrEqual(due);
          // Ticks arrive in ts order and reports are drained after every step, so had an earlier tick of
          // this instrument been due, the one just before this tick would have been due too.
          const before = previous.get(f.instrument);
          if (before !== undefined && before.ts >= o.ts) expect(before.ts).toBeLessThan(due);
        };
        const feed = (instrument: number, dt: number, bid: number, spread: number): void => {
          ts += dt;
          const t = tick(instrument, ts, bid + 5, bid, instrument === INDEX ? 0 : bid + spread);
          b.onTick(t);
          const last = latest.get(instrument);
          if (last !== undefined) previous.set(instrument, last);
          latest.set(instrument, t);
        };
        for (const s of steps) {
          if (s.kind === 'tick') feed(s.instrument, s.dt, s.instrument === INDEX ? 0 : s.bidTicks * 5, s.spreadTicks * 5);
          else {
            const o = order(`p${n++}`, s.action, ts, s.instrument, s.lots * 75);
            orders.set(o.orderId, o);
            b.submit(o);
          }
          b.drainReports(check);
        }
        feed(CE, cfg.latencyMs, 10_000, 10);
        b.drainReports(check);
        feed(PE, 0, 10_000, 10);
        b.drainReports(check);
        expect([...filled].sort()).toEqual([...orders.keys()].sort());
      }),
      { numRuns: 300 },
    );
  });
});
