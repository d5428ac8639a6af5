/** The MarketFeed port's contract: every implementation runs this suite. */
import { describe, expect, it } from 'vitest';
import type { MarketFeed } from '../../src/core/ports.js';

/** `makeFeed` returns a fresh feed over a finite, non-empty stream. */
export function marketFeedContract(name: string, makeFeed: () => MarketFeed): void {
  describe(`MarketFeed contract: ${name}`, () => {
    it('delivers ticks in non-decreasing ts order for instruments of its universe', () => {
      const feed = makeFeed();
      const n = feed.universe.instruments.length;
      let last = -Infinity;
      let count = 0;
      const broken: string[] = [];
      feed.start({
        onTick(t) {
          // Collect violations rather than asserting per tick: feeds deliver hundreds of thousands of ticks.
          if (t.ts < last) broken.push(`ts ${t.ts} after ${last}`);
          if (!(t.instrument >= 0 && t.instrument < n)) broken.push(`instrument ${t.instrument}`);
          if (!(t.ltp > 0 && Number.isSafeInteger(t.ltp))) broken.push(`ltp ${t.ltp}`);
          last = t.ts;
          count++;
        },
      });
      expect(broken.slice(0, 5)).toEqual([]);
      expect(count).toBeGreaterThan(0);
    });

    it('stop() from inside onTick ends delivery at once, and stop is idempotent', () => {
      const feed = makeFeed();
      let count = 0;
      feed.start({
        onTick() {
          count++;
          if (count === 10) {
            feed.stop();
            feed.stop();
          }
        },
      });
      expect(count).toBe(10);
      expect(() => feed.stop()).not.toThrow();
    });
  });
}
