/** TypicalPriceAverage: running mean of (H+L+C)/3 and reset. */
import { describe, it, expect } from 'vitest';
import { TypicalPriceAverage } from '../../../src/core/features/indicators/typical-price-average.js';
import { seededBars } from './reference-data.js';

describe('TypicalPriceAverage', () => {
  it('is NaN with count 0 before the first bar', () => {
    const t = new TypicalPriceAverage();
    expect(t.value).toBeNaN();
    expect(t.count).toBe(0);
  });

  it('is the running mean of (H+L+C)/3, with no volume weighting', () => {
    const t = new TypicalPriceAverage();
    expect(t.update(3, 1, 2)).toBe(2);
    expect(t.update(6, 3, 3)).toBe(3); // typical prices 2 and 4
    expect(t.value).toBe(3);
    expect(t.count).toBe(2);
  });

  it('reset starts a new session', () => {
    const t = new TypicalPriceAverage();
    t.update(100, 90, 95);
    t.reset();
    expect(t.count).toBe(0);
    expect(t.value).toBeNaN();
    expect(t.update(12, 9, 9)).toBe(10);
  });

  it('equals the batch mean on a seeded series', () => {
    const { high, low, close } = seededBars(9, 500);
    const t = new TypicalPriceAverage();
    let sum = 0;
    for (let i = 0; i < close.length; i++) {
      const v = t.update(high[i]!, low[i]!, close[i]!);
      sum += (high[i]! + low[i]! + close[i]!) / 3;
      expect(Math.abs(v - sum / (i + 1))).toBeLessThanOrEqual(1e-12 * Math.abs(v));
    }
    expect(t.count).toBe(500);
  });
});
