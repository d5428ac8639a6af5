/** Rsi: TA-Lib C known answers (bit-exact), the zero-movement choice, and trading-signals RSI as an oracle. */
import { describe, it, expect } from 'vitest';
import { RSI } from 'trading-signals';
import { Rsi } from '../../../src/core/features/indicators/rsi.js';
import { SYNTH_BARS, SYNTH_PERIOD, SYNTH_TALIB } from './talib-synthetic-vector.js';
import { SKIP_MESSAGE, TALIB_FILES, hasData, maxRelError, readKnownAnswers, readTalibCsv, seededBars } from './reference-data.js';

if (!hasData) console.warn(SKIP_MESSAGE);

// Bit-exact: the indicators repeat TA-Lib C's operations in its order, so the doubles agree exactly.
const TOL = 0;

function run(period: number, xs: readonly number[]): number[] {
  const rsi = new Rsi(period);
  return xs.map((x) => rsi.update(x));
}

describe('Rsi basics', () => {
  it('is NaN for `period` inputs and ready at index period', () => {
    const out = run(3, [1, 2, 3, 4, 5]);
    expect(out.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(out[3]).toBe(100);
    expect(out[4]).toBe(100);
  });

  it('hand-checked seed and Wilder step', () => {
    const rsi = new Rsi(2);
    rsi.update(10);
    rsi.update(12); // +2
    expect(rsi.ready).toBe(false);
    expect(rsi.update(11)).toBeCloseTo((100 * 1) / 1.5, 12); // AG = 1, AL = 0.5
    expect(rsi.ready).toBe(true);
    // AG = (1·1 + 0)/2 = 0.5, AL = (0.5·1 + 3)/2 = 1.75
    expect(rsi.update(8)).toBeCloseTo((100 * 0.5) / 2.25, 12);
  });

  it('is 50 when there is no movement at all (AG + AL = 0), 0 when only falling', () => {
    expect(run(4, [5, 5, 5, 5, 5, 5]).slice(4)).toEqual([50, 50]);
    expect(run(2, [9, 8, 7, 6]).slice(2)).toEqual([0, 0]);
  });

  it('reset starts over', () => {
    const rsi = new Rsi(2);
    for (const x of [1, 2, 3]) rsi.update(x);
    rsi.reset();
    expect(rsi.ready).toBe(false);
    expect(rsi.value).toBeNaN();
    expect(rsi.update(3)).toBeNaN();
    expect(rsi.update(2)).toBeNaN();
    expect(rsi.update(1)).toBe(0);
  });

  it('rejects a bad period', () => {
    expect(() => new Rsi(0)).toThrow(RangeError);
  });

  it('matches TA-Lib C on the embedded synthetic vector, except 50 where TA-Lib gives 0 for a flat series', () => {
    const closes = SYNTH_BARS.map((b) => b[2]);
    const ours = run(SYNTH_PERIOD, closes);
    // Bars 0–6 are flat: TA-Lib returns 0 at indices 5 and 6, this Rsi returns 50 (documented choice).
    expect(ours[5]).toBe(50);
    expect(ours[6]).toBe(50);
    expect(SYNTH_TALIB.rsi[5]).toBe(0);
    const expected = SYNTH_TALIB.rsi.map((v, i) => (i === 5 || i === 6 ? 50 : v));
    expect(maxRelError(ours, expected)).toBeLessThanOrEqual(TOL);
  });
});

describe.skipIf(!hasData)('Rsi vs TA-Lib C known answers (real data)', () => {
  it.each(hasData ? readKnownAnswers('RSI') : [])('$file RSI($period)', (c) => {
    const period = c.period ?? 0;
    const out = run(period, c.inputs.close);
    expect(c.first_output_index).toBe(period);
    const expected = out.map((_, i) => (i < period ? Number.NaN : (c.talib_c_full_precision[i - period] ?? Number.NaN)));
    expect(maxRelError(out, expected)).toBeLessThanOrEqual(TOL);
  });

  it.each(TALIB_FILES)('%s: rsi14 at every bar, NaN exactly in the lookback', (name) => {
    const bars = readTalibCsv(name);
    const out = run(14, bars.close);
    expect(out.findIndex((v) => !Number.isNaN(v))).toBe(14);
    expect(maxRelError(out, bars.rsi14)).toBeLessThanOrEqual(TOL);
  });
});

describe('Rsi vs trading-signals RSI', () => {
  it('agrees from the first value (same seed and warm-up; only rounding differs)', () => {
    const { close } = seededBars(11, 800);
    const ts = new RSI(14);
    const theirs = close.map((x) => ts.add(x) ?? Number.NaN);
    const ours = run(14, close);
    expect(theirs.findIndex((v) => !Number.isNaN(v))).toBe(14);
    expect(maxRelError(ours, theirs)).toBeLessThanOrEqual(1e-12);
  });
});
