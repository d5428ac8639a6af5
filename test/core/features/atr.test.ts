/** Atr: TA-Lib C known answers for ATR and TRANGE (bit-exact), and trading-signals ATR after warm-up. */
import { describe, it, expect } from 'vitest';
import { ATR } from 'trading-signals';
import { Atr } from '../../../src/core/features/indicators/atr.js';
import { SYNTH_BARS, SYNTH_PERIOD, SYNTH_TALIB } from './talib-synthetic-vector.js';
import { SKIP_MESSAGE, TALIB_FILES, hasData, maxRelError, readKnownAnswers, readTalibCsv, seededBars } from './reference-data.js';

if (!hasData) console.warn(SKIP_MESSAGE);

// Bit-exact: the indicators repeat TA-Lib C's operations in its order, so the doubles agree exactly.
const TOL = 0;

function run(period: number, high: readonly number[], low: readonly number[], close: readonly number[]): { atr: number[]; tr: number[] } {
  const atr = new Atr(period);
  const out: number[] = [];
  const tr: number[] = [];
  for (let i = 0; i < close.length; i++) {
    out.push(atr.update(high[i]!, low[i]!, close[i]!));
    tr.push(atr.trueRange);
  }
  return { atr: out, tr };
}

describe('Atr basics', () => {
  it('hand-checked: TR from index 1, first ATR = mean(TR[1..n]), then Wilder', () => {
    const atr = new Atr(2);
    expect(atr.update(10, 8, 9)).toBeNaN();
    expect(atr.trueRange).toBeNaN();
    expect(atr.update(12, 10, 11)).toBeNaN(); // TR = max(2, 3, 1) = 3
    expect(atr.trueRange).toBe(3);
    expect(atr.update(11, 10, 10)).toBe(2); // TR = 1, ATR = (3 + 1)/2
    expect(atr.ready).toBe(true);
    expect(atr.update(15, 14, 15)).toBe(3.5); // TR = max(1, 5, 4) = 5, ATR = (2·1 + 5)/2
  });

  it('reset starts over', () => {
    const atr = new Atr(1);
    atr.update(2, 1, 1);
    atr.update(3, 2, 3);
    atr.reset();
    expect(atr.ready).toBe(false);
    expect(atr.value).toBeNaN();
    expect(atr.update(5, 4, 4)).toBeNaN();
    expect(atr.update(6, 5, 6)).toBe(2);
  });

  it('rejects a bad period', () => {
    expect(() => new Atr(0)).toThrow(RangeError);
  });

  it('matches TA-Lib C on the embedded synthetic vector (flat bars included)', () => {
    const { atr } = run(
      SYNTH_PERIOD,
      SYNTH_BARS.map((b) => b[0]),
      SYNTH_BARS.map((b) => b[1]),
      SYNTH_BARS.map((b) => b[2]),
    );
    expect(maxRelError(atr, SYNTH_TALIB.atr)).toBeLessThanOrEqual(TOL);
  });
});

describe.skipIf(!hasData)('Atr vs TA-Lib C known answers (real data)', () => {
  it.each(hasData ? readKnownAnswers('ATR') : [])('$file ATR($period)', (c) => {
    const period = c.period ?? 0;
    const { atr } = run(period, c.inputs.high!, c.inputs.low!, c.inputs.close);
    expect(c.first_output_index).toBe(period);
    const expected = atr.map((_, i) => (i < period ? Number.NaN : (c.talib_c_full_precision[i - period] ?? Number.NaN)));
    expect(maxRelError(atr, expected)).toBeLessThanOrEqual(TOL);
  });

  it.each(hasData ? readKnownAnswers('TRANGE') : [])('$file TRANGE', (c) => {
    const { tr } = run(1, c.inputs.high!, c.inputs.low!, c.inputs.close);
    expect(c.first_output_index).toBe(1);
    const expected = tr.map((_, i) => (i < 1 ? Number.NaN : (c.talib_c_full_precision[i - 1] ?? Number.NaN)));
    expect(maxRelError(tr, expected)).toBeLessThanOrEqual(TOL);
  });

  it.each(TALIB_FILES)('%s: trange and atr14 at every bar, NaN exactly in the lookback', (name) => {
    const bars = readTalibCsv(name);
    const { atr, tr } = run(14, bars.high, bars.low, bars.close);
    expect(atr.findIndex((v) => !Number.isNaN(v))).toBe(14);
    expect(maxRelError(atr, bars.atr14)).toBeLessThanOrEqual(TOL);
    expect(maxRelError(tr, bars.trange)).toBeLessThanOrEqual(TOL);
  });
});

describe('Atr vs trading-signals ATR', () => {
  it('converges after warm-up: the seed gap shrinks by exactly (1 − 1/n) per bar', () => {
    const { high, low, close } = seededBars(5, 800);
    const ts = new ATR(14);
    const theirs = close.map((c, i) => ts.add({ high: high[i]!, low: low[i]!, close: c }) ?? Number.NaN);
    const { atr } = run(14, high, low, close);
    // trading-signals counts TR[0] = H−L and is ready one bar earlier; from index 14 both apply the same Wilder step.
    expect(theirs.findIndex((v) => !Number.isNaN(v))).toBe(13);
    const gap0 = atr[14]! - theirs[14]!;
    expect(Math.abs(gap0)).toBeGreaterThan(1e-6);
    for (let i = 14; i < close.length; i++) {
      const predicted = gap0 * (13 / 14) ** (i - 14);
      expect(Math.abs(atr[i]! - theirs[i]! - predicted)).toBeLessThanOrEqual(1e-12 * theirs[i]!);
    }
    const floor = Math.min(...theirs.slice(14));
    const m = Math.ceil(Math.log((1e-9 * floor) / Math.abs(gap0)) / Math.log(13 / 14));
    expect(maxRelError(atr.slice(14 + m), theirs.slice(14 + m))).toBeLessThanOrEqual(1e-9);
  });
});
