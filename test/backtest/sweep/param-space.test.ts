/** expandSpace: grid product order, ranges, seeded random draws, refusals naming the parameter, invalid combos listed not fatal. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARAM_SPECS } from '../../../src/core/params/param-spec.js';
import { DEFAULT_PARAMS } from '../../../src/core/params/schema.js';
import { MAX_SWEEP_COMBOS, expandSpace, type SweepSpace } from '../../../src/backtest/sweep/param-space.js';
import { SweepSpaceError } from '../../../src/backtest/sweep/sweep-space-error.js';
import { naturalGrain } from '../../../src/backtest/sweep/axis-rules.js';

const base = DEFAULT_PARAMS;

/** Expands and returns the SweepSpaceError it must throw. */
function refusal(space: unknown, maxCombos?: number): SweepSpaceError {
  try {
    expandSpace(base, space as SweepSpace, maxCombos === undefined ? {} : { maxCombos });
  } catch (e) {
    expect(e).toBeInstanceOf(SweepSpaceError);
    return e as SweepSpaceError;
  }
  throw new Error('expected the space to be refused');
}

describe('grid spaces', () => {
  it('enumerates the product with the first axis slowest and the last fastest', () => {
    const { combos, invalid, total } = expandSpace(base, {
      kind: 'grid',
      axes: { momentumTicks: [4, 6], tradeMode: ['AUTO', 'CE', 'PE'] },
    });
    expect(total).toBe(6);
    expect(invalid).toEqual([]);
    expect(combos).toEqual([
      { index: 0, overrides: { momentumTicks: 4, tradeMode: 'AUTO' } },
      { index: 1, overrides: { momentumTicks: 4, tradeMode: 'CE' } },
      { index: 2, overrides: { momentumTicks: 4, tradeMode: 'PE' } },
      { index: 3, overrides: { momentumTicks: 6, tradeMode: 'AUTO' } },
      { index: 4, overrides: { momentumTicks: 6, tradeMode: 'CE' } },
      { index: 5, overrides: { momentumTicks: 6, tradeMode: 'PE' } },
    ]);
    expect(Object.keys(combos[0]!.overrides)).toEqual(['momentumTicks', 'tradeMode']);
  });

  it('expands ranges to exact decimals, stopping at or below max', () => {
    const values = (axis: unknown): unknown[] =>
      expandSpace(base, { kind: 'grid', axes: { trailGapPts: axis } } as SweepSpace).combos.map((c) => c.overrides.trailGapPts);
    expect(values({ min: 1, max: 2, step: 0.1 })).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2]);
    expect(values({ min: 1, max: 2, step: 0.3 })).toEqual([1, 1.3, 1.6, 1.9]);
    expect(values({ min: 2.5, max: 2.5, step: 1 })).toEqual([2.5]);
    const ints = expandSpace(base, { kind: 'grid', axes: { momentumTicks: { min: 2, max: 20, step: 6 } } });
    expect(ints.combos.map((c) => c.overrides.momentumTicks)).toEqual([2, 8, 14, 20]);
  });

  it('takes booleans, enum values and HH:MM times as lists', () => {
    const { combos } = expandSpace(base, {
      kind: 'grid',
      axes: { trailingEnabled: [true, false], candleConfirmMode: ['EMA9', 'PREV'], entryStart: ['09:20', '09:45'] },
    });
    expect(combos).toHaveLength(8);
    expect(combos[7]!.overrides).toEqual({ trailingEnabled: false, candleConfirmMode: 'PREV', entryStart: '09:45' });
  });

  it('lists combos that break a cross-field rule as invalid, keeps their indices, and runs the rest', () => {
    // rrGuardEnabled (default true) needs tpPoints ≥ slPoints.
    const { combos, invalid, total } = expandSpace(base, { kind: 'grid', axes: { tpPoints: [3, 8], slPoints: [2, 5] } });
    expect(total).toBe(4);
    expect(combos.map((c) => c.index)).toEqual([0, 2, 3]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.index).toBe(1);
    expect(invalid[0]!.overrides).toEqual({ tpPoints: 3, slPoints: 5 });
    expect(invalid[0]!.issues).toEqual([{ field: 'tpPoints', message: expect.stringContaining('slPoints') as unknown }]);
  });

  it('counts the product and partitions every index into combos or invalid (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (a, b, c) => {
          const space: SweepSpace = {
            kind: 'grid',
            axes: {
              lockTriggerPts: { min: 1, max: 1 + (a - 1) * 0.5, step: 0.5 },
              trailTriggerPts: { min: 1.5, max: 1.5 + (b - 1), step: 1 },
              entryLots: { min: 1, max: c, step: 1 },
            },
          };
          const { combos, invalid, total } = expandSpace(base, space);
          expect(total).toBe(a * b * c);
          const indices = [...combos, ...invalid].map((x) => x.index).sort((x, y) => x - y);
          expect(indices).toEqual(Array.from({ length: total }, (_, i) => i));
          // The cross-field rules these axes touch: breakeven ≤ lock < trail < tight, entryLots ≤ maxLotsPerStrike.
          const breaks = (o: Readonly<Record<string, unknown>>): boolean => {
            const lock = o.lockTriggerPts as number;
            const trail = o.trailTriggerPts as number;
            return lock < base.breakevenTriggerPts || lock >= trail || trail >= base.tightTriggerPts || (o.entryLots as number) > base.maxLotsPerStrike;
          };
          expect(invalid.every((x) => breaks(x.overrides))).toBe(true);
          expect(combos.some((x) => breaks(x.overrides))).toBe(false);
        },
      ),
    );
  });
});

describe('random spaces', () => {
  const space = (seed: number, samples = 50): SweepSpace => ({
    kind: 'random',
    axes: { slPoints: { min: 3, max: 6 }, momentumTicks: { min: 4, max: 9 }, tradeMode: ['AUTO', 'CE'], dailyMaxLoss: { min: 5000, max: 20000 } },
    samples,
    seed,
  });

  it('draws the same combos for the same seed and different ones for another seed', () => {
    const a = expandSpace(base, space(7));
    expect(expandSpace(base, space(7))).toEqual(a);
    expect(expandSpace(base, space(8)).combos).not.toEqual(a.combos);
    expect(a.total).toBe(50);
    expect(a.combos.map((c) => c.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps draws inside the bounds: ints whole, points on the 0.05 grain, rupees whole, lists by value', () => {
    const { combos } = expandSpace(base, space(11, 400));
    const seenTicks = new Set<number>();
    for (const { overrides: o } of combos) {
      const sl = o.slPoints as number;
      expect(sl).toBeGreaterThanOrEqual(3);
      expect(sl).toBeLessThanOrEqual(6);
      expect(Math.abs(sl * 20 - Math.round(sl * 20))).toBeLessThan(1e-9);
      expect(String(sl)).toMatch(/^\d+(\.\d{1,2})?$/);
      const ticks = o.momentumTicks as number;
      expect(Number.isInteger(ticks) && ticks >= 4 && ticks <= 9).toBe(true);
      seenTicks.add(ticks);
      expect(Number.isInteger(o.dailyMaxLoss)).toBe(true);
      expect(['AUTO', 'CE']).toContain(o.tradeMode);
    }
    // Uniform over both ends: every integer of the range turns up in 400 draws.
    expect([...seenTicks].sort()).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('uses a finer grain when the parameter itself has more decimals than its unit’s grain', () => {
    const spec = { type: 'number', group: 'entry', unit: 'points', default: 0.05, min: 0.01, max: 5, doc: '' } as const;
    expect(naturalGrain(spec)).toBe(0.01);
    expect(naturalGrain({ ...spec, min: 0, default: 0 })).toBe(0.05);
    // momentumMinTick is 0 (the instrument's tick) or a move in points: drawn on the unit's 0.05 grain.
    const { combos } = expandSpace(base, { kind: 'random', axes: { momentumMinTick: { min: 0, max: 0.15 } }, samples: 100, seed: 1 });
    const values = new Set(combos.map((c) => c.overrides.momentumMinTick));
    expect([...values].sort()).toEqual([0, 0.05, 0.1, 0.15]);
  });

  it('is deterministic for any seed, and every draw passes the parameter schema (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const s: SweepSpace = { kind: 'random', axes: { trailGapPts: { min: 0.05, max: 50 }, cooldownMs: { min: 0, max: 1_800_000 } }, samples: 5, seed };
        const a = expandSpace(base, s);
        expect(expandSpace(base, s)).toEqual(a);
        expect(a.invalid).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses bad samples and seeds', () => {
    const axes = { slPoints: { min: 3, max: 6 } };
    expect(refusal({ kind: 'random', axes, samples: 0, seed: 1 }).message).toMatch(/samples must be a positive whole number/);
    expect(refusal({ kind: 'random', axes, samples: 2.5, seed: 1 }).message).toMatch(/samples/);
    expect(refusal({ kind: 'random', axes, samples: 5, seed: -1 }).message).toMatch(/seed must be a whole number/);
  });
});

describe('refusals name the parameter and the rule before anything runs', () => {
  it('refuses an unknown parameter, suggesting the spelling when only the case differs', () => {
    const e = refusal({ kind: 'grid', axes: { tpPoint: [5] } });
    expect(e.param).toBe('tpPoint');
    expect(e.message).toBe('sweep axis tpPoint: unknown parameter; `scalper params` lists them');
    expect(refusal({ kind: 'grid', axes: { tppoints: [5] } }).message).toContain('did you mean tpPoints?');
    expect(refusal({ kind: 'random', axes: { toString: { min: 1, max: 2 } }, samples: 1, seed: 1 }).param).toBe('toString');
  });

  it('refuses a range outside the schema range', () => {
    const low = refusal({ kind: 'grid', axes: { tpPoints: { min: 0.1, max: 5, step: 0.5 } } });
    expect(low.param).toBe('tpPoints');
    expect(low.message).toBe("sweep axis tpPoints: range min 0.1 is below the parameter's minimum 0.5 points");
    const high = refusal({ kind: 'random', axes: { momentumTicks: { min: 5, max: 25 } }, samples: 3, seed: 1 });
    expect(high.message).toBe("sweep axis momentumTicks: range max 25 is above the parameter's maximum 20 ticks");
    expect(refusal({ kind: 'grid', axes: { slPoints: { min: 6, max: 3, step: 1 } } }).message).toContain('min 6 must not exceed max 3');
  });

  it('refuses list values the parameter schema refuses', () => {
    expect(refusal({ kind: 'grid', axes: { tpPoints: [5, 300] } }).message).toBe('sweep axis tpPoints: value 300: must be at most 200 points');
    expect(refusal({ kind: 'grid', axes: { momentumTicks: [2.5] } }).message).toContain('must be a whole number (ticks)');
    expect(refusal({ kind: 'grid', axes: { tradeMode: ['BOTH'] } }).message).toContain('must be one of AUTO, CE, PE');
    expect(refusal({ kind: 'grid', axes: { entryStart: ['9:30'] } }).message).toContain('must be a time HH:MM');
    expect(refusal({ kind: 'grid', axes: { trailingEnabled: ['yes'] } }).message).toContain('must be true or false');
    expect(refusal({ kind: 'grid', axes: { slPoints: [4, 4] } }).message).toBe('sweep axis slPoints: value 4 is listed twice');
  });

  it('refuses fractional steps and bounds for an integer parameter', () => {
    const step = refusal({ kind: 'grid', axes: { momentumTicks: { min: 2, max: 10, step: 0.5 } } });
    expect(step.param).toBe('momentumTicks');
    expect(step.message).toBe('sweep axis momentumTicks: range step 0.5 must be a whole number: the parameter is an integer (ticks)');
    expect(refusal({ kind: 'random', axes: { entryLots: { min: 1.5, max: 3 } }, samples: 1, seed: 1 }).message).toContain(
      'range min 1.5 must be a whole number',
    );
    expect(refusal({ kind: 'grid', axes: { slPoints: { min: 3, max: 6, step: 0 } } }).message).toContain('step must be greater than 0');
  });

  it('refuses empty axes, an empty axis set, ranges over non-numeric parameters and malformed ranges', () => {
    const empty = refusal({ kind: 'grid', axes: { slPoints: [] } });
    expect(empty.param).toBe('slPoints');
    expect(empty.message).toContain('the list of values is empty');
    expect(refusal({ kind: 'random', axes: { slPoints: [] }, samples: 2, seed: 1 }).message).toContain('empty');
    expect(refusal({ kind: 'grid', axes: {} }).message).toBe('sweep space: axes is empty: name at least one parameter to sweep');
    expect(refusal({ kind: 'grid', axes: { trailingEnabled: { min: 0, max: 1, step: 1 } } }).message).toContain('needs a numeric parameter');
    expect(refusal({ kind: 'grid', axes: { slPoints: { min: 3, max: 6 } } }).message).toContain('range step must be a finite number');
    expect(refusal({ kind: 'grid', axes: { slPoints: { min: 3, max: 6, step: 1, stop: 2 } } }).message).toContain('unknown key(s) stop');
    expect(refusal({ kind: 'random', axes: { slPoints: { min: 3, max: 6 } }, samples: 1, seed: 1, sample: 1 }).message).toBe(
      'sweep space: unknown key(s) sample; a random space has kind, axes, samples, seed',
    );
    expect(refusal({ kind: 'grid', axes: { slPoints: [3] }, seed: 1 }).message).toContain('a grid space has kind, axes');
    expect(refusal({ kind: 'exhaustive', axes: { slPoints: [3] } }).message).toContain('kind must be "grid" or "random"');
  });

  it('refuses a random range that holds no value at the parameter grain', () => {
    expect(refusal({ kind: 'random', axes: { slPoints: { min: 3.01, max: 3.04 } }, samples: 1, seed: 1 }).message).toContain(
      "holds no multiple of the parameter's grain 0.05 points",
    );
  });

  it('refuses too many combos with the sizes of the axes, before building any', () => {
    const big = refusal({
      kind: 'grid',
      axes: { slPoints: { min: 1, max: 30, step: 1 }, trailGapPts: { min: 1, max: 30, step: 1 }, entryLots: { min: 1, max: 20, step: 1 } },
    });
    expect(big.param).toBeNull();
    expect(big.message).toBe(
      `sweep space: the grid has 18000 combinations (slPoints 30 × trailGapPts 30 × entryLots 20), more than the cap of ${MAX_SWEEP_COMBOS}: narrow an axis or sample it with kind "random"`,
    );
    expect(refusal({ kind: 'grid', axes: { tpPoints: { min: 0.5, max: 200, step: 1e-6 } } }).message).toContain('more than the cap');
    expect(refusal({ kind: 'random', axes: { slPoints: { min: 3, max: 6 } }, samples: 10_001, seed: 1 }).message).toContain('more than the cap of 10000');
    expect(refusal({ kind: 'grid', axes: { slPoints: [3, 4, 5] } }, 2).message).toContain('more than the cap of 2');
  });

  it('covers every numeric parameter: its full schema range is accepted as a random axis', () => {
    for (const [name, spec] of Object.entries(PARAM_SPECS)) {
      if (spec.type !== 'int' && spec.type !== 'number') continue;
      const { total } = expandSpace(base, { kind: 'random', axes: { [name]: { min: spec.min, max: spec.max } }, samples: 3, seed: 5 });
      expect(total).toBe(3);
    }
  });
});
