/** MinuteCandles: boundaries, gaps, late ticks, reset, and a property test against batch grouping. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MinuteCandles } from '../../../src/core/features/minute-candles.js';

const MIN = 60_000;
/** 2021-01-04 09:15:00 IST = 03:45:00 UTC, a whole minute. */
const T0 = Date.UTC(2021, 0, 4, 3, 45);

interface Candle {
  open: number;
  high: number;
  low: number;
  close: number;
  startTs: number;
  ticks: number;
}

function closedOf(c: MinuteCandles): Candle {
  return { open: c.closedOpen, high: c.closedHigh, low: c.closedLow, close: c.closedClose, startTs: c.closedStartTs, ticks: c.closedTicks };
}

function formingOf(c: MinuteCandles): Candle {
  return { open: c.open, high: c.high, low: c.low, close: c.close, startTs: c.startTs, ticks: c.ticks };
}

/** Batch reference: group ticks (in order) by floor(ts / interval). */
function batch(ticks: readonly (readonly [number, number])[], iv: number): Candle[] {
  const out: Candle[] = [];
  for (const [ts, p] of ticks) {
    const start = Math.floor(ts / iv) * iv;
    const last = out.at(-1);
    if (last !== undefined && last.startTs === start) {
      last.high = Math.max(last.high, p);
      last.low = Math.min(last.low, p);
      last.close = p;
      last.ticks++;
    } else {
      out.push({ open: p, high: p, low: p, close: p, startTs: start, ticks: 1 });
    }
  }
  return out;
}

describe('MinuteCandles', () => {
  it('starts empty', () => {
    const c = new MinuteCandles();
    expect(c.intervalMs).toBe(MIN);
    expect(c.ticks).toBe(0);
    expect(c.open).toBeNaN();
    expect(c.startTs).toBeNaN();
    expect(c.closedCount).toBe(0);
    expect(c.closedClose).toBeNaN();
    expect(c.prevClosedClose).toBeNaN();
  });

  it('aggregates ticks of one minute into the forming candle, aligned to the minute', () => {
    const c = new MinuteCandles();
    expect(c.update(T0 + 1_500, 100)).toBe(false);
    expect(c.update(T0 + 20_000, 104)).toBe(false);
    expect(c.update(T0 + 40_000, 97)).toBe(false);
    expect(c.update(T0 + 59_999, 101)).toBe(false);
    expect(formingOf(c)).toEqual({ open: 100, high: 104, low: 97, close: 101, startTs: T0, ticks: 4 });
    expect(c.closedCount).toBe(0);
  });

  it('a tick exactly on the boundary closes the candle and opens the next one', () => {
    const c = new MinuteCandles();
    c.update(T0, 100);
    c.update(T0 + 30_000, 102);
    expect(c.update(T0 + MIN, 99)).toBe(true);
    expect(closedOf(c)).toEqual({ open: 100, high: 102, low: 100, close: 102, startTs: T0, ticks: 2 });
    expect(formingOf(c)).toEqual({ open: 99, high: 99, low: 99, close: 99, startTs: T0 + MIN, ticks: 1 });
    expect(c.closedCount).toBe(1);
    expect(c.prevClosedClose).toBeNaN();
  });

  it('a gap closes only the last candle: no empty candles are made up', () => {
    const c = new MinuteCandles();
    c.update(T0 + 5_000, 100);
    expect(c.update(T0 + 5 * MIN + 7_000, 110)).toBe(true);
    expect(c.closedCount).toBe(1);
    expect(c.closedStartTs).toBe(T0);
    expect(c.startTs).toBe(T0 + 5 * MIN);
    expect(c.update(T0 + 6 * MIN, 111)).toBe(true);
    expect(c.closedCount).toBe(2);
    expect(c.closedClose).toBe(110);
    expect(c.prevClosedClose).toBe(100);
  });

  it('keeps the last two closed closes for the candle-confirm rule', () => {
    const c = new MinuteCandles();
    const closes = [100, 103, 101, 106];
    closes.forEach((p, i) => c.update(T0 + i * MIN + 10, p));
    expect(c.closedCount).toBe(3);
    expect(c.closedClose).toBe(101);
    expect(c.prevClosedClose).toBe(103);
  });

  it('ignores and counts a tick older than the forming candle', () => {
    const c = new MinuteCandles();
    c.update(T0 + MIN, 100);
    expect(c.update(T0 + MIN - 1, 50)).toBe(false);
    expect(c.lateTicks).toBe(1);
    expect(formingOf(c)).toEqual({ open: 100, high: 100, low: 100, close: 100, startTs: T0 + MIN, ticks: 1 });
  });

  it('supports other intervals and aligns negative timestamps by flooring', () => {
    const five = new MinuteCandles(5 * MIN);
    five.update(T0 + 4 * MIN, 1);
    expect(five.startTs).toBe(T0 - (T0 % (5 * MIN)));
    const neg = new MinuteCandles(1000);
    neg.update(-1, 5);
    expect(neg.startTs).toBe(-1000);
    expect(neg.update(0, 6)).toBe(true);
    expect(neg.closedStartTs).toBe(-1000);
  });

  it('reset forgets everything', () => {
    const c = new MinuteCandles();
    c.update(T0, 1);
    c.update(T0 + MIN, 2);
    c.update(T0, 3);
    c.reset();
    expect(c.ticks).toBe(0);
    expect(c.closedCount).toBe(0);
    expect(c.lateTicks).toBe(0);
    expect(c.closedClose).toBeNaN();
    expect(c.update(T0 - MIN, 4)).toBe(false);
    expect(c.startTs).toBe(T0 - MIN);
  });

  it('rejects a bad interval', () => {
    expect(() => new MinuteCandles(0)).toThrow(RangeError);
    expect(() => new MinuteCandles(1.5)).toThrow(RangeError);
  });

  it('property: tick-by-tick candles equal a batch grouping of the same ticks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 2e12 }),
        fc.constantFrom(1000, MIN, 5 * MIN, 7_000),
        fc.array(fc.tuple(fc.nat({ max: 400_000 }), fc.integer({ min: 1, max: 1_000_000 })), { maxLength: 200 }),
        (start, iv, steps) => {
          let ts = start;
          const ticks = steps.map(([dt, p]) => {
            // Many zero and sub-interval steps, some multi-interval gaps.
            ts += dt % 3 === 0 ? 0 : dt % 5 === 0 ? dt : dt % iv;
            return [ts, p] as const;
          });
          const c = new MinuteCandles(iv);
          const closed: Candle[] = [];
          let prevClose = Number.NaN;
          for (const [t, p] of ticks) {
            if (c.update(t, p)) {
              expect(c.prevClosedClose).toEqual(prevClose);
              closed.push(closedOf(c));
              prevClose = c.closedClose;
            }
          }
          const expected = batch(ticks, iv);
          expect(closed).toEqual(expected.slice(0, -1));
          expect(c.closedCount).toBe(Math.max(0, expected.length - 1));
          expect(c.lateTicks).toBe(0);
          const last = expected.at(-1);
          if (last === undefined) expect(c.ticks).toBe(0);
          else expect(formingOf(c)).toEqual(last);
        },
      ),
      { numRuns: 300, seed: 20210104 },
    );
  });
});
