/** Supertrend: a hand-checked case and bar-by-bar agreement with a batch implementation and trading-signals. */
import { describe, it, expect } from 'vitest';
import { SuperTrend } from 'trading-signals';
import { Supertrend } from '../../../src/core/features/indicators/supertrend.js';
import { SKIP_MESSAGE, hasData, readTalibCsv, seededBars } from './reference-data.js';

if (!hasData) console.warn(SKIP_MESSAGE);

/** Straightforward batch TA-Lib ATR: TR from index 1, first ATR at n = mean(TR[1..n]), then Wilder. */
function batchAtr(h: readonly number[], l: readonly number[], c: readonly number[], n: number): number[] {
  const tr = h.map((hi, i) => (i === 0 ? Number.NaN : Math.max(hi - l[i]!, Math.abs(hi - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!))));
  const atr = h.map(() => Number.NaN);
  for (let i = n; i < h.length; i++) {
    atr[i] = i === n ? tr.slice(1, n + 1).reduce((a, b) => a + b, 0) / n : (atr[i - 1]! * (n - 1) + tr[i]!) / n;
  }
  return atr;
}

/** Batch Supertrend over a given ATR column; the trend test is TradingView's "was the line on the upper band". */
function batchSupertrend(
  h: readonly number[],
  l: readonly number[],
  c: readonly number[],
  atr: readonly number[],
  m: number,
): { value: number[]; dir: number[] } {
  const value: number[] = [];
  const dir: number[] = [];
  const fu: number[] = [];
  const fl: number[] = [];
  for (let i = 0; i < c.length; i++) {
    const a = atr[i]!;
    if (Number.isNaN(a)) {
      value.push(Number.NaN);
      dir.push(0);
      fu.push(Number.NaN);
      fl.push(Number.NaN);
      continue;
    }
    const bu = (h[i]! + l[i]!) / 2 + m * a;
    const bl = (h[i]! + l[i]!) / 2 - m * a;
    if (Number.isNaN(value[i - 1] ?? Number.NaN)) {
      fu.push(bu);
      fl.push(bl);
      dir.push(c[i]! > bu ? 1 : -1);
    } else {
      const pu = fu[i - 1]!;
      const pl = fl[i - 1]!;
      fu.push(bu < pu || c[i - 1]! > pu ? bu : pu);
      fl.push(bl > pl || c[i - 1]! < pl ? bl : pl);
      dir.push(value[i - 1] === pu ? (c[i]! > fu[i]! ? 1 : -1) : c[i]! < fl[i]! ? -1 : 1);
    }
    value.push(dir[i] === 1 ? fl[i]! : fu[i]!);
  }
  return { value, dir };
}

function run(period: number, m: number, h: readonly number[], l: readonly number[], c: readonly number[]): { value: number[]; dir: number[] } {
  const st = new Supertrend(period, m);
  const value: number[] = [];
  const dir: number[] = [];
  for (let i = 0; i < c.length; i++) {
    value.push(st.update(h[i]!, l[i]!, c[i]!));
    dir.push(st.direction);
    expect(st.ready).toBe(i >= period);
  }
  return { value, dir };
}

function flips(dir: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < dir.length; i++) if (dir[i - 1] !== 0 && dir[i] !== dir[i - 1]) k++;
  return k;
}

describe('Supertrend basics', () => {
  it('hand-checked period 1, multiplier 1 (ATR = TR)', () => {
    const bars = [
      [10, 8, 9],
      [11, 9, 10], // ATR 2, bands 12/8, starts down: 12
      [12, 10, 11.5], // upper held at 12, lower ratchets up to 9
      [14, 12, 13.5], // close 13.5 > 12: up, line = lower 10.5
      [13, 11, 11], // prev close above upper: upper resets to 14.5; lower held 10.5
      [11, 9, 9.5], // close 9.5 < 10.5: down, line = upper 12
      [10, 8, 8.5], // upper ratchets to 11; prev close below lower: lower resets to 7
    ] as const;
    const st = new Supertrend(1, 1);
    const got = bars.map(([h, l, c]) => [st.update(h, l, c), st.direction]);
    expect(got).toEqual([
      [Number.NaN, 0],
      [12, -1],
      [12, -1],
      [10.5, 1],
      [10.5, 1],
      [12, -1],
      [11, -1],
    ]);
    expect(st.upperBand).toBe(11);
    expect(st.lowerBand).toBe(7);
  });

  it('defaults to period 10, multiplier 3; reset starts over; bad arguments throw', () => {
    const st = new Supertrend();
    expect(st.period).toBe(10);
    expect(st.multiplier).toBe(3);
    const { high, low, close } = seededBars(1, 30);
    for (let i = 0; i < 30; i++) st.update(high[i]!, low[i]!, close[i]!);
    expect(st.ready).toBe(true);
    st.reset();
    expect(st.ready).toBe(false);
    expect(st.direction).toBe(0);
    expect(st.value).toBeNaN();
    expect(() => new Supertrend(0, 3)).toThrow(RangeError);
    expect(() => new Supertrend(10, 0)).toThrow(RangeError);
  });
});

describe('Supertrend vs a batch implementation', () => {
  it.each([
    [10, 3],
    [7, 2],
    [3, 1.5],
  ])('seeded series, period %i, multiplier %d: bar by bar', (period, m) => {
    const { high, low, close } = seededBars(17, 2000);
    const ours = run(period, m, high, low, close);
    const ref = batchSupertrend(high, low, close, batchAtr(high, low, close, period), m);
    expect(ours.dir).toEqual(ref.dir);
    expect(ours.value).toEqual(ref.value);
    expect(flips(ours.dir)).toBeGreaterThan(10);
  });
});

describe.skipIf(!hasData)('Supertrend on real SPX 1-minute bars', () => {
  it('period 14 on TA-Lib C atr14 column, and period 10 on the batch ATR, bar by bar', () => {
    const b = readTalibCsv('spx_1m_20210104_rth_talib.csv');
    const ours14 = run(14, 3, b.high, b.low, b.close);
    const ref14 = batchSupertrend(b.high, b.low, b.close, b.atr14, 3);
    expect(ours14.dir).toEqual(ref14.dir);
    expect(ours14.value).toEqual(ref14.value);
    expect(flips(ours14.dir)).toBeGreaterThan(3);
    const ours10 = run(10, 3, b.high, b.low, b.close);
    const ref10 = batchSupertrend(b.high, b.low, b.close, batchAtr(b.high, b.low, b.close, 10), 3);
    expect(ours10.dir).toEqual(ref10.dir);
    expect(ours10.value).toEqual(ref10.value);
  });
});

describe('Supertrend vs trading-signals SuperTrend', () => {
  it('agrees after its (one bar earlier, H−L seeded) ATR has converged', () => {
    const { high, low, close } = seededBars(23, 2000);
    const ts = new SuperTrend({ interval: 10, multiplier: 3 });
    const ours = run(10, 3, high, low, close);
    // ATR gaps shrink by 0.9 per bar: below 1e-12 relative after 263 bars; bands set before then may be held by
    // the ratchet for a while, so compare from bar 600.
    let compared = 0;
    for (let i = 0; i < close.length; i++) {
      const r = ts.add({ high: high[i]!, low: low[i]!, close: close[i]! });
      if (i < 600 || r === null) continue;
      expect(ours.dir[i]).toBe(r.trend === 'BULLISH' ? 1 : -1);
      expect(Math.abs(ours.value[i]! - r.supertrend)).toBeLessThanOrEqual(1e-9 * Math.abs(r.supertrend));
      compared++;
    }
    expect(compared).toBe(1400);
  });
});
