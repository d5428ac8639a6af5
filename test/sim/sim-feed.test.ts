/** SimFeed: synchronous delivery of every tick in ts order, stop from inside onTick, day ranges, depth ticks. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Tick } from '../../src/core/model/tick.js';
import type { TickSink } from '../../src/core/ports.js';
import { createSimMarket } from '../../src/sim/market/sim-market.js';
import { SimFeed } from '../../src/sim/market/sim-feed.js';
import { hashTicks, loadConfig } from './helpers.js';

const config = loadConfig();
const market = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-27', days: 2, seed: 5 });

/** Hashes ticks as they arrive (the feed reuses one object, so nothing is retained). */
class HashingSink implements TickSink {
  count = 0;
  lastTs = -Infinity;
  ordered = true;
  private readonly hash = createHash('sha256');
  private readonly row = new Float64Array(7);
  onTick(t: Tick): void {
    this.count++;
    if (t.ts < this.lastTs) this.ordered = false;
    this.lastTs = t.ts;
    this.row.set([t.ts, t.instrument, t.ltp, t.bid, t.ask, t.bidQty, t.askQty]);
    this.hash.update(this.row);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

function* allDays(): Generator<Tick> {
  for (let d = 0; d < market.tradingDates.length; d++) yield* market.ticksForDay(d);
}

describe('SimFeed', () => {
  it('delivers every tick of every day in ts order, synchronously', () => {
    const feed = new SimFeed(market);
    expect(feed.universe).toBe(market.universe);
    const sink = new HashingSink();
    feed.start(sink);
    expect(sink.ordered).toBe(true);
    expect(sink.count).toBe(market.columnsForDay(0).length + market.columnsForDay(1).length);
    expect(sink.digest()).toBe(hashTicks(allDays()));
  });

  it('stops at once when stop() is called inside onTick, and stays stopped', () => {
    const feed = new SimFeed(market);
    let seen = 0;
    const sink: TickSink = {
      onTick() {
        seen++;
        if (seen === 1234) {
          feed.stop();
          feed.stop();
        }
      },
    };
    feed.start(sink);
    expect(seen).toBe(1234);
    feed.start(sink);
    expect(seen).toBe(1234);
    feed.stop();
  });

  it('delivers only the requested days', () => {
    const feed = new SimFeed(market, { fromDay: 1 });
    const sink = new HashingSink();
    feed.start(sink);
    expect(sink.digest()).toBe(hashTicks(market.ticksForDay(1)));
    expect(() => new SimFeed(market, { fromDay: 1, toDay: 3 })).toThrow(RangeError);
  });

  it('refuses to start while running', () => {
    const feed = new SimFeed(market, { toDay: 1 });
    let error: unknown;
    feed.start({
      onTick() {
        if (error === undefined) {
          try {
            feed.start({ onTick() {} });
          } catch (e) {
            error = e;
          }
          feed.stop();
        }
      },
    });
    expect(String(error)).toMatch(/running/);
  });

  it('hands out fresh ticks with depth when the market has depth', () => {
    const deep = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-27', days: 1, seed: 5, depth: true });
    const feed = new SimFeed(deep);
    const kept: Tick[] = [];
    feed.start({
      onTick(t) {
        kept.push(t);
        if (kept.length === 500) feed.stop();
      },
    });
    expect(new Set(kept).size).toBe(500);
    expect(kept.filter((t) => t.instrument !== deep.indexInstrumentId).every((t) => t.depth !== undefined)).toBe(true);
  });
});
