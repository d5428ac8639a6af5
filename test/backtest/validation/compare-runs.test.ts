/** compareRuns: a seeded bootstrap of the difference in mean net P&L per trade, checked by hand, by theory and for determinism. */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../src/backtest/validation/compare-runs.js';
import { percentileInterval, quantileSorted } from '../../../src/backtest/validation/percentile-interval.js';
import { createRng, normal } from '../../../src/core/rng.js';
import type { ClosedTrade } from '../../../src/core/model/events.js';
import { trade } from '../metrics/closed-trade.js';

const run = (pnls: readonly number[], prefix: string): ClosedTrade[] => pnls.map((net, i) => trade({ id: `${prefix}${i}`, net }));

/** `n` integer P&Ls ~ N(mu, sd²) from a seed. */
function normalPnls(n: number, mu: number, sd: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Math.round(mu + sd * normal(rng)));
}

describe('percentile interval', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([7], 0.3)).toBe(7);
    const hundredOne = Array.from({ length: 101 }, (_, i) => i);
    const [low, high] = percentileInterval(hundredOne, 0.9);
    expect(low).toBeCloseTo(5, 12);
    expect(high).toBeCloseTo(95, 12);
  });
});

describe('compareRuns', () => {
  it('constant P&L in each run: a zero-width interval at the exact difference', () => {
    const r = compareRuns(run([100, 100, 100, 100, 100], 'a'), run(Array<number>(7).fill(130), 'b'), { seed: 1 });
    expect(r).toEqual({ meanA: 100, meanB: 130, difference: 30, ci: [30, 30], resamples: 2000, confidence: 0.95, significant: true });
    const same = compareRuns(run([-40, -40], 'a'), run([-40], 'b'), { seed: 9, resamples: 50 });
    expect(same).toMatchObject({ difference: 0, ci: [0, 0], resamples: 50, significant: false });
  });

  it('a clearly better run is significant, with the interval around the difference', () => {
    const a = run(normalPnls(200, 0, 1000, 11), 'a');
    const b = run(normalPnls(200, 800, 1000, 12), 'b');
    const r = compareRuns(a, b, { seed: 3 });
    expect(r.significant).toBe(true);
    expect(r.ci[0]).toBeGreaterThan(0);
    expect(r.ci[0]).toBeLessThan(r.difference);
    expect(r.ci[1]).toBeGreaterThan(r.difference);
    // And the reverse comparison is significant the other way.
    const back = compareRuns(b, a, { seed: 3 });
    expect(back.significant).toBe(true);
    expect(back.ci[1]).toBeLessThan(0);
  });

  it('the interval width matches the normal-theory 2 · 1.96 · √(s²a/na + s²b/nb) within 10%', () => {
    const pa = normalPnls(300, 100, 2000, 21);
    const pb = normalPnls(250, 150, 1000, 22);
    const r = compareRuns(run(pa, 'a'), run(pb, 'b'), { seed: 5, resamples: 4000 });
    const variance = (xs: number[]): number => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    };
    const se = Math.sqrt(variance(pa) / pa.length + variance(pb) / pb.length);
    expect((r.ci[1] - r.ci[0]) / (2 * 1.959964 * se)).toBeGreaterThan(0.9);
    expect((r.ci[1] - r.ci[0]) / (2 * 1.959964 * se)).toBeLessThan(1.1);
  });

  it('an identical pair: the difference is 0 and the interval contains it', () => {
    const a = run(normalPnls(80, 50, 1500, 31), 'a');
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = compareRuns(a, a, { seed });
      expect(r.difference).toBe(0);
      expect(r.ci[0]).toBeLessThan(0);
      expect(r.ci[1]).toBeGreaterThan(0);
      expect(r.significant).toBe(false);
    }
  });

  it('is deterministic for a seed, differs across seeds, and a higher confidence widens the same draws', () => {
    const a = run(normalPnls(40, 0, 500, 41), 'a');
    const b = run(normalPnls(30, 100, 500, 42), 'b');
    expect(compareRuns(a, b, { seed: 7 })).toEqual(compareRuns(a, b, { seed: 7 }));
    expect(compareRuns(a, b, { seed: 7 }).ci).not.toEqual(compareRuns(a, b, { seed: 8 }).ci);
    const narrow = compareRuns(a, b, { seed: 7, confidence: 0.8 });
    const wide = compareRuns(a, b, { seed: 7, confidence: 0.99 });
    expect(wide.ci[0]).toBeLessThan(narrow.ci[0]);
    expect(wide.ci[1]).toBeGreaterThan(narrow.ci[1]);
    expect(narrow.difference).toBe(wide.difference);
  });

  it('refuses an empty run or a bad option, naming it', () => {
    const a = run([1, 2], 'a');
    expect(() => compareRuns([], a, { seed: 1 })).toThrow(/^a: run a has no trades/);
    expect(() => compareRuns(a, [], { seed: 1 })).toThrow(/^b: run b has no trades/);
    expect(() => compareRuns(a, a, { seed: 1.5 })).toThrow(/seed/);
    expect(() => compareRuns(a, a, { seed: 1, resamples: 0 })).toThrow(/resamples/);
    expect(() => compareRuns(a, a, { seed: 1, confidence: 1 })).toThrow(/confidence/);
    expect(() => compareRuns([], [], { seed: 1 })).toThrow(RangeError);
  });
});
