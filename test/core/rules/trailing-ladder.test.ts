import { describe, expect, it } from 'vitest';
import { toKernelParams } from '../../../src/core/params/kernel-params.js';
import { DEFAULT_PARAMS, withOverrides, type Params } from '../../../src/core/params/schema.js';
import { ladderStop, type LadderInput, type LadderResult } from '../../../src/core/rules/trailing-ladder.js';

/** Default ladder in paise: breakeven 1.50 after 3 s (buffer 0.50), lock 2.00 (+0.50), trail 4.00 (−2.50), tight 6.00 (−1.50), accel 3.00 in 8 s (−1.00), wide after 3 wins (−3.50). */
function stop(x: Partial<LadderInput>, overrides: Partial<Params> = {}): [number, string] {
  const p = toKernelParams(withOverrides(DEFAULT_PARAMS, overrides));
  const input: LadderInput = { entry: 10_000, price: 10_000, elapsedMs: 20_000, winStreak: 0, qty: 130, tickSize: 5, ...x };
  const out: LadderResult = { stop: 0, stage: 'initial' };
  ladderStop(p, input, out);
  return [out.stop, out.stage];
}

describe('the trailing ladder’s stages', () => {
  it('breakeven: at +1.50 after the delay the stop goes to entry − buffer; not before the delay', () => {
    expect(stop({ price: 10_160, elapsedMs: 5_000 })).toEqual([9_950, 'breakeven']);
    expect(stop({ price: 10_160, elapsedMs: 1_000 })).toEqual([Number.NaN, 'initial']);
    expect(stop({ price: 10_160, elapsedMs: 5_000 }, { breakevenEnabled: false })).toEqual([Number.NaN, 'initial']);
  });

  it('accel: a fast gain inside the window trails at the accel gap; after the window the slower stages apply', () => {
    expect(stop({ price: 10_350, elapsedMs: 2_000 })).toEqual([10_250, 'accel']);
    expect(stop({ price: 10_350, elapsedMs: 9_000 })).toEqual([10_050, 'lock']);
    expect(stop({ price: 10_350, elapsedMs: 2_000 }, { accelEnabled: false })).toEqual([10_050, 'lock']);
  });

  it('win-streak wide: after enough consecutive wins the tight stage trails wider', () => {
    expect(stop({ price: 10_700, winStreak: 3 })).toEqual([10_350, 'wide']);
    expect(stop({ price: 10_700, winStreak: 2 })).toEqual([10_550, 'tight']);
    // Below the tight trigger a streak changes nothing.
    expect(stop({ price: 10_450, winStreak: 5 })).toEqual([10_200, 'trail']);
  });

  it('profit lock in points and in rupees per position: the stop goes to entry + lock, unless a higher stage offers more', () => {
    expect(stop({ price: 10_120, elapsedMs: 1_000 }, { profitLockPts: 1 })).toEqual([10_100, 'profit_lock']);
    // ₹130 over 130 units is 1.00 point.
    expect(stop({ price: 10_120, elapsedMs: 1_000 }, { profitLockRs: 130 })).toEqual([10_100, 'profit_lock']);
    expect(stop({ price: 10_090, elapsedMs: 1_000 }, { profitLockPts: 1 })).toEqual([Number.NaN, 'initial']);
    expect(stop({ price: 10_450 }, { profitLockPts: 1 })).toEqual([10_200, 'trail']);
  });

  it('never puts the stop above the price that set it, and rounds down to the tick', () => {
    const [s] = stop({ entry: 10_002.5, price: 10_163, elapsedMs: 5_000 });
    expect(s).toBe(9_950);
    const [accel] = stop({ price: 10_352, elapsedMs: 2_000 }, { accelGapPts: 0.05 });
    expect(accel).toBeLessThanOrEqual(10_352);
    expect(accel % 5).toBe(0);
  });
});
