/** Simulator building blocks: intraday shape, regime chain, time to expiry, quote model, smile, seeds and the radix sort. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { activityShape, volatilityShape } from '../../src/sim/market/intraday-shape.js';
import { REGIME_PARAMS, SimRegime, nextRegime, openingRegime, regimeDurationMs } from '../../src/sim/market/regime.js';
import { deriveSeed } from '../../src/sim/market/seeds.js';
import { TickBuffer } from '../../src/sim/market/tick-buffer.js';
import { TRADING_DAYS_PER_YEAR, yearsToExpiry } from '../../src/sim/market/time-to-expiry.js';
import { drawQty, liquidityOf, spreadTicks } from '../../src/sim/market/quote-model.js';
import { smileMultiplier } from '../../src/sim/market/iv-model.js';

const SESSION_MS = 375 * 60_000;

describe('intraday shape', () => {
  it('is normalised (mean square of volatility and mean of activity are 1) and U-shaped', () => {
    let sq = 0;
    let act = 0;
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const f = (i + 0.5) / n;
      sq += volatilityShape(f) ** 2;
      act += activityShape(f);
    }
    expect(sq / n).toBeCloseTo(1, 3);
    expect(act / n).toBeCloseTo(1, 3);
    expect(volatilityShape(0)).toBeGreaterThan(2 * volatilityShape(0.5));
    expect(volatilityShape(1)).toBeGreaterThan(1.3 * volatilityShape(0.5));
  });
});

describe('regime chain', () => {
  it('never stays in the same regime, visits all four, and lasts minutes', () => {
    const rng = createRng(9);
    let r = openingRegime(rng);
    const seen = new Set<number>([r]);
    let total = 0;
    for (let i = 0; i < 2000; i++) {
      const next = nextRegime(r, rng);
      expect(next).not.toBe(r);
      seen.add(next);
      r = next;
      total += regimeDurationMs(r, rng);
    }
    expect(seen.size).toBe(4);
    const meanMinutes = total / 2000 / 60_000;
    expect(meanMinutes).toBeGreaterThan(3);
    expect(meanMinutes).toBeLessThan(20);
    expect(REGIME_PARAMS[SimRegime.VOLATILE].sigmaMult).toBeGreaterThan(REGIME_PARAMS[SimRegime.RANGING].sigmaMult);
  });
});

describe('time to expiry', () => {
  it('is zero at the expiry close and counts whole sessions before it', () => {
    expect(yearsToExpiry(0, SESSION_MS, 0)).toBe(0);
    expect(yearsToExpiry(SESSION_MS, SESSION_MS, 0)).toBeCloseTo(1 / TRADING_DAYS_PER_YEAR, 15);
    expect(yearsToExpiry(SESSION_MS / 2, SESSION_MS, 2)).toBeCloseTo(2.5 / TRADING_DAYS_PER_YEAR, 15);
  });

  it('decreases as the session goes on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SESSION_MS }), fc.integer({ min: 0, max: SESSION_MS }), fc.integer({ min: 0, max: 6 }), (a, b, days) => {
        const [early, late] = a < b ? [a, b] : [b, a];
        expect(yearsToExpiry(SESSION_MS - early, SESSION_MS, days)).toBeGreaterThanOrEqual(yearsToExpiry(SESSION_MS - late, SESSION_MS, days));
      }),
    );
  });
});

describe('quote model', () => {
  it('spreads at least the typical width and at most 12 ticks; quantities are whole lots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (typical, volatile, late, liq, u) => {
          const k = spreadTicks(typical, volatile, late, liq, u);
          expect(k).toBeGreaterThanOrEqual(typical);
          expect(k).toBeLessThanOrEqual(12);
          const q = drawQty(65, 10, u);
          expect(q % 65).toBe(0);
          expect(q).toBeGreaterThanOrEqual(65);
        },
      ),
    );
    expect(liquidityOf(0)).toBe(1);
    expect(liquidityOf(6)).toBeLessThan(0.1);
  });

  it('smile is higher for low strikes (put skew) and stays finite in the wings', () => {
    expect(smileMultiplier(-1)).toBeGreaterThan(smileMultiplier(1));
    expect(smileMultiplier(0)).toBe(1);
    expect(smileMultiplier(-1e9)).toBe(smileMultiplier(-4));
    expect(smileMultiplier(1e9)).toBeGreaterThan(0);
  });
});

describe('seeds', () => {
  it('derive distinct sub-seeds for distinct parts', () => {
    const seen = new Set<number>();
    for (let day = 0; day < 50; day++) for (let stream = 1; stream <= 6; stream++) for (let item = 0; item < 30; item++) seen.add(deriveSeed(42, day, stream, item));
    expect(seen.size).toBe(50 * 6 * 30);
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(2, 2, 3));
  });
});

describe('TickBuffer radix sort', () => {
  it('orders by (offset, rank), stably, and keeps every row intact', () => {
    const row = fc.record({ offset: fc.integer({ min: 0, max: SESSION_MS - 1 }), rank: fc.integer({ min: 0, max: 40 }), ltp: fc.integer({ min: 1, max: 1e7 }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
        const buf = new TickBuffer(4);
        rows.forEach((r, i) => buf.push(r.offset, r.rank, 1000 + r.rank, r.ltp, i, i + 1, 2 * i, 3 * i));
        const cols = buf.toColumns(1_000_000, 41);
        const expected = rows.map((r, i) => ({ ...r, i })).sort((a, b) => a.offset - b.offset || a.rank - b.rank || a.i - b.i);
        expect(cols.length).toBe(rows.length);
        expected.forEach((e, k) => {
          expect([cols.ts[k], cols.instrument[k], cols.ltp[k], cols.bid[k], cols.ask[k], cols.bidQty[k], cols.askQty[k]]).toEqual([
            1_000_000 + e.offset,
            1000 + e.rank,
            e.ltp,
            e.i,
            e.i + 1,
            2 * e.i,
            3 * e.i,
          ]);
        });
      }),
    );
  });
});
