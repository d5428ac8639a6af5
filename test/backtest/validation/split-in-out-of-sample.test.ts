/** splitInOutOfSample: chronological cut at ⌊N · fraction⌋, both sides non-empty, errors naming the field. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitInOutOfSample } from '../../../src/backtest/validation/split-in-out-of-sample.js';
import { consecutiveDates } from '../metrics/closed-trade.js';

describe('splitInOutOfSample', () => {
  const ten = consecutiveDates('2026-01-05', 10);

  it('puts the first ⌊N · fraction⌋ dates in-sample, the rest out-of-sample', () => {
    expect(splitInOutOfSample(ten, 0.7)).toEqual({ inSample: ten.slice(0, 7), outOfSample: ten.slice(7) });
    expect(splitInOutOfSample(ten, 0.75).inSample).toHaveLength(7);
    expect(splitInOutOfSample(['2026-01-05', '2026-01-06'], 0.5)).toEqual({ inSample: ['2026-01-05'], outOfSample: ['2026-01-06'] });
    // 0.29 × 100 is 28.999… in binary; the cut is still 29.
    expect(splitInOutOfSample(consecutiveDates('2026-01-05', 100), 0.29).inSample).toHaveLength(29);
  });

  it('refuses a fraction outside (0, 1), an empty side, or bad dates, naming the field', () => {
    for (const f of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => splitInOutOfSample(ten, f)).toThrow(/inSampleFraction/);
    expect(() => splitInOutOfSample(ten, 0.05)).toThrow(/inSampleFraction 0.05 of 10 dates leaves no in-sample date/);
    expect(() => splitInOutOfSample(['2026-01-05'], 0.5)).toThrow(/dates must hold at least 2/);
    expect(() => splitInOutOfSample(['2026-01-06', '2026-01-05'], 0.5)).toThrow(/dates must be strictly ascending/);
    expect(() => splitInOutOfSample(['2026-1-5', '2026-01-06'], 0.5)).toThrow(/dates\[0\]/);
    expect(() => splitInOutOfSample(ten, 0)).toThrow(RangeError);
  });

  it('the two sides are non-empty, chronological and together the input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (n, f) => {
        const dates = consecutiveDates('2025-06-02', n);
        const cut = Math.floor(n * f + 1e-9);
        if (cut < 1) {
          expect(() => splitInOutOfSample(dates, f)).toThrow(/inSampleFraction/);
          return;
        }
        const { inSample, outOfSample } = splitInOutOfSample(dates, f);
        expect(inSample).toHaveLength(cut);
        expect(outOfSample.length).toBeGreaterThan(0);
        expect([...inSample, ...outOfSample]).toEqual(dates);
      }),
    );
  });
});
