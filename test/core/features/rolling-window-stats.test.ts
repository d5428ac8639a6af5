import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirectionalWindow, emptyWindowStats } from '../../../src/core/features/directional-window.js';
import { RollingWindowStats } from '../../../src/core/features/rolling-window-stats.js';
import { classifyRegime } from '../../../src/core/features/regime.js';

describe('RollingWindowStats', () => {
  it('equals a full rescan of the window after every tick (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 20_000 }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3_000 }), price: fc.integer({ min: 1, max: 500 }), up: fc.boolean() }), { maxLength: 400 }),
        (windowMs, steps) => {
          const rolling = new RollingWindowStats(windowMs);
          const scan = new DirectionalWindow(4096);
          let ts = 1_000_000;
          for (const s of steps) {
            ts += s.dt;
            rolling.push(ts, s.price, s.up ? 1 : -1);
            scan.push(ts, s.price, s.up ? 1 : -1);
            expect(rolling.stats(ts, emptyWindowStats())).toEqual(scan.stats(ts, windowMs, emptyWindowStats()));
          }
          // Queries later in time evict without new ticks.
          expect(rolling.stats(ts + windowMs / 2, emptyWindowStats())).toEqual(scan.stats(ts + windowMs / 2, windowMs, emptyWindowStats()));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is empty after clear', () => {
    const r = new RollingWindowStats(1000);
    r.push(1, 10, 1);
    r.clear();
    expect(r.stats(2, emptyWindowStats())).toEqual(emptyWindowStats());
  });
});

describe('classifyRegime', () => {
  const stats = (count: number, up: number, min: number, max: number) => ({ count, up, down: count - up, min, max });
  it('needs ten directional ticks', () => {
    expect(classifyRegime(stats(9, 9, 0, 1000), 500, 300)).toBe('UNKNOWN');
  });
  it('splits a wide range by directionality into TRENDING or VOLATILE', () => {
    expect(classifyRegime(stats(10, 7, 0, 500), 500, 300)).toBe('TRENDING'); // |7−3|/10 = 0.4 > 0.3
    expect(classifyRegime(stats(10, 6, 0, 500), 500, 300)).toBe('VOLATILE'); // 0.2
  });
  it('calls a narrow range RANGING and the middle by a lower directionality bar', () => {
    expect(classifyRegime(stats(10, 10, 0, 299), 500, 300)).toBe('RANGING');
    expect(classifyRegime(stats(20, 13, 0, 400), 500, 300)).toBe('TRENDING'); // 0.3 > 0.25
    expect(classifyRegime(stats(20, 12, 0, 400), 500, 300)).toBe('RANGING'); // 0.2
  });
});
