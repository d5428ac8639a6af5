/** A MarketFeed over a SimMarket: delivers every day's ticks synchronously, as fast as the sink takes them. */
import type { Universe } from '../../core/model/instrument.js';
import type { MutableTick } from '../../core/model/tick.js';
import type { MarketFeed, TickSink } from '../../core/ports.js';
import type { SimMarket } from './sim-market.js';
import { readRow } from './tick-columns.js';

export interface SimFeedOptions {
  /** First day index delivered (default 0). */
  readonly fromDay?: number;
  /** Day index after the last one delivered (default: all days). */
  readonly toDay?: number;
}

/**
 * One-shot feed: `start` returns when every tick was delivered or `stop` was called (also from
 * inside `onTick`); after that the feed stays stopped. Without depth the sink receives one reused
 * tick object (do not retain it); with depth every tick is a fresh object.
 */
export class SimFeed implements MarketFeed {
  readonly universe: Universe;
  private stopped = false;
  private running = false;
  private readonly fromDay: number;
  private readonly toDay: number;

  constructor(
    private readonly market: SimMarket,
    options: SimFeedOptions = {},
  ) {
    this.universe = market.universe;
    const days = market.tradingDates.length;
    this.fromDay = options.fromDay ?? 0;
    this.toDay = options.toDay ?? days;
    if (!Number.isInteger(this.fromDay) || !Number.isInteger(this.toDay) || this.fromDay < 0 || this.toDay > days || this.fromDay > this.toDay) {
      throw new RangeError(`SimFeed day range [${this.fromDay}, ${this.toDay}) outside [0, ${days})`);
    }
  }

  start(sink: TickSink): void {
    if (this.running) throw new Error('SimFeed.start called while it is running');
    this.running = true;
    try {
      for (let day = this.fromDay; day < this.toDay && !this.stopped; day++) {
        if (this.market.depth) this.deliverObjects(day, sink);
        else this.deliverColumns(day, sink);
      }
    } finally {
      this.running = false;
      this.stopped = true;
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private deliverColumns(day: number, sink: TickSink): void {
    const columns = this.market.columnsForDay(day);
    const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    for (let i = 0; i < columns.length; i++) {
      if (this.stopped) return;
      sink.onTick(readRow(columns, i, tick));
    }
  }

  private deliverObjects(day: number, sink: TickSink): void {
    for (const tick of this.market.ticksForDay(day)) {
      if (this.stopped) return;
      sink.onTick(tick);
    }
  }
}
