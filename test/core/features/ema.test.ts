/** Ema: TA-Lib C known answers (bit-exact), seeds, and trading-signals EMA as an oracle. */
import { describe, it, expect } from 'vitest';
import { EMA } from 'trading-signals';
import { Ema } from '../../../src/core/features/indicators/ema.js';
import { SYNTH_BARS, SYNTH_PERIOD, SYNTH_TALIB } from './talib-synthetic-vector.js';
import { SKIP_MESSAGE, TALIB_FILES, hasData, maxRelError, readKnownAnswers, readTalibCsv, seededBars } from './reference-data.js';

if (!hasData) console.warn(SKIP_MESSAGE);

// Bit-exact: the indicators repeat TA-Lib C's operations in its order, so the doubles agree exactly.
const TOL = 0;

function run(period: number, seed: 'sma' | 'first', xs: readonly number[]): number[] {
  const ema = new Ema(period, seed);
  return xs.map((x) => ema.update(x));
}

describe('Ema basics', () => {
  it('sma seed: NaN for period−1 inputs, then the SMA, then k = 2/(n+1)', () => {
    const ema = new Ema(3, 'sma');
    expect(ema.update(1)).toBeNaN();
    expect(ema.ready).toBe(false);
    expect(ema.update(2)).toBeNaN();
    expect(ema.update(3)).toBe(2);
    expect(ema.ready).toBe(true);
    expect(ema.update(4)).toBe(3); // (4 − 2)·0.5 + 2
    expect(ema.value).toBe(3);
  });

  it('first seed: ready on the first input, which is the first value', () => {
    const ema = new Ema(3, 'first');
    expect(ema.value).toBeNaN();
    expect(ema.update(10)).toBe(10);
    expect(ema.ready).toBe(true);
    expect(ema.update(13)).toBe(11.5);
  });

  it('reset starts over', () => {
    const ema = new Ema(2, 'sma');
    ema.update(5);
    ema.update(7);
    ema.reset();
    expect(ema.ready).toBe(false);
    expect(ema.value).toBeNaN();
    expect(ema.update(1)).toBeNaN();
    expect(ema.update(3)).toBe(2);
  });

  it('rejects a bad period', () => {
    expect(() => new Ema(0, 'sma')).toThrow(RangeError);
    expect(() => new Ema(2.5, 'first')).toThrow(RangeError);
  });

  it('matches TA-Lib C on the embedded synthetic vector', () => {
    const closes = SYNTH_BARS.map((b) => b[2]);
    expect(maxRelError(run(SYNTH_PERIOD, 'sma', closes), SYNTH_TALIB.ema)).toBeLessThanOrEqual(TOL);
  });
});

describe.skipIf(!hasData)('Ema vs TA-Lib C known answers (real data)', () => {
  it.each(hasData ? readKnownAnswers('EMA') : [])('$file EMA($period)', (c) => {
    const period = c.period ?? 0;
    const out = run(period, 'sma', c.inputs.close);
    expect(c.first_output_index).toBe(period - 1);
    const expected = out.map((_, i) => (i < c.first_output_index ? Number.NaN : (c.talib_c_full_precision[i - c.first_output_index] ?? Number.NaN)));
    expect(maxRelError(out, expected)).toBeLessThanOrEqual(TOL);
  });

  it.each(TALIB_FILES)('%s: ema9 and ema21 at every bar, NaN exactly in the lookback', (name) => {
    const bars = readTalibCsv(name);
    for (const [period, expected] of [
      [9, bars.ema9],
      [21, bars.ema21],
    ] as const) {
      const out = run(period, 'sma', bars.close);
      expect(out.findIndex((v) => !Number.isNaN(v))).toBe(period - 1);
      expect(maxRelError(out, expected)).toBeLessThanOrEqual(TOL);
    }
  });
});

describe('Ema vs trading-signals EMA', () => {
  const { close } = seededBars(7, 600);

  it("'first' seed equals trading-signals' EMA (seeded with the first price) at every input", () => {
    const ts = new EMA(9);
    const theirs = close.map((x) => ts.add(x) ?? Number.NaN);
    expect(maxRelError(run(9, 'first', close), theirs)).toBeLessThanOrEqual(1e-13);
  });

  it("'sma' seed converges to it: the seed gap shrinks by exactly (1 − k) = 0.8 per input", () => {
    const ts = new EMA(9);
    const theirs = close.map((x) => ts.add(x) ?? Number.NaN);
    const ours = run(9, 'sma', close);
    const gap0 = ours[8]! - theirs[8]!;
    expect(Math.abs(gap0)).toBeGreaterThan(1e-3);
    for (let i = 8; i < close.length; i++) {
      const predicted = gap0 * 0.8 ** (i - 8);
      expect(Math.abs(ours[i]! - theirs[i]! - predicted)).toBeLessThanOrEqual(1e-12 * Math.abs(theirs[i]!));
    }
    // Hence agreement to 1e-9 once |gap0|·0.8^m < 1e-9·|price|.
    const floor = Math.min(...theirs.slice(8).map(Math.abs));
    const m = Math.ceil(Math.log((1e-9 * floor) / Math.abs(gap0)) / Math.log(0.8));
    expect(maxRelError(ours.slice(8 + m), theirs.slice(8 + m))).toBeLessThanOrEqual(1e-9);
  });
});
