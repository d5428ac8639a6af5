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
      feed.start({
        onTick(t) {
          expect(t.ts).toBeGreaterThanOrEqual(last);
          expect(t.instrument >= 0 && t.instrument < n).toBe(true);
          expect(t.ltp > 0 && Number.isSafeInteger(t.ltp)).toBe(true);
          last = t.ts;
          count++;
        },
      });
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
