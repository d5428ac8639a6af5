/** walkForwardWindows: rolling train/test windows of trading dates, complete windows only, errors naming the field. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkForwardWindows } from '../../../src/backtest/validation/walk-forward-windows.js';
import { consecutiveDates } from '../metrics/closed-trade.js';

describe('walkForwardWindows', () => {
  const d = consecutiveDates('2026-01-05', 10);

  it('rolls a fixed train window forward by testDays by default (test windows tile)', () => {
    expect(walkForwardWindows(d, { trainDays: 4, testDays: 2 })).toEqual([
      { train: d.slice(0, 4), test: d.slice(4, 6) },
      { train: d.slice(2, 6), test: d.slice(6, 8) },
      { train: d.slice(4, 8), test: d.slice(8, 10) },
    ]);
  });

  it('honours stepDays and drops an incomplete tail', () => {
    expect(walkForwardWindows(d, { trainDays: 4, testDays: 2, stepDays: 1 })).toHaveLength(5);
    expect(walkForwardWindows(d, { trainDays: 4, testDays: 2, stepDays: 3 })).toEqual([
      { train: d.slice(0, 4), test: d.slice(4, 6) },
      { train: d.slice(3, 7), test: d.slice(7, 9) },
    ]);
    expect(walkForwardWindows(d, { trainDays: 7, testDays: 3 })).toEqual([{ train: d.slice(0, 7), test: d.slice(7) }]);
  });

  it('refuses bad sizes and too few dates, naming the field', () => {
    expect(() => walkForwardWindows(d, { trainDays: 0, testDays: 2 })).toThrow(/trainDays must be an integer ≥ 1/);
    expect(() => walkForwardWindows(d, { trainDays: 4, testDays: 1.5 })).toThrow(/testDays/);
    expect(() => walkForwardWindows(d, { trainDays: 4, testDays: 2, stepDays: 0 })).toThrow(/stepDays/);
    expect(() => walkForwardWindows(d, { trainDays: 8, testDays: 3 })).toThrow(/dates must hold at least trainDays \+ testDays = 11 dates, got 10/);
    expect(() => walkForwardWindows([...d].reverse(), { trainDays: 2, testDays: 1 })).toThrow(/dates must be strictly ascending/);
  });

  it('every window: train then test back to back, fixed sizes, starts stepDays apart, as many as fit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 15 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (n, trainDays, testDays, stepDays) => {
          const dates = consecutiveDates('2025-01-01', n);
          const options = stepDays === undefined ? { trainDays, testDays } : { trainDays, testDays, stepDays };
          if (trainDays + testDays > n) {
            expect(() => walkForwardWindows(dates, options)).toThrow(/dates/);
            return;
          }
          const step = stepDays ?? testDays;
          const windows = walkForwardWindows(dates, options);
          expect(windows).toHaveLength(Math.floor((n - trainDays - testDays) / step) + 1);
          windows.forEach((w, k) => {
            const start = k * step;
            expect(w.train).toEqual(dates.slice(start, start + trainDays));
            expect(w.test).toEqual(dates.slice(start + trainDays, start + trainDays + testDays));
          });
          if (stepDays === undefined) {
            const tested = windows.flatMap((w) => w.test);
            expect(tested).toEqual(dates.slice(trainDays, trainDays + tested.length));
          }
        },
      ),
    );
  });
});
