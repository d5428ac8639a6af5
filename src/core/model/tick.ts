/** Market ticks: last price and top-of-book quote for one instrument, stamped with exchange time. */

/** One level of market depth. Price in minor units, quantity in units. */
export interface DepthLevel {
  readonly price: number;
  readonly qty: number;
}

/** Optional five-level book. */
export interface Depth {
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
}

/**
 * A tick. Prices are minor units; `bid`/`ask` are 0 when the feed carries no quote.
 * Consumers must not retain a tick object: replay loops may reuse one object for speed.
 */
export interface Tick {
  /** Epoch milliseconds (UTC) from the feed; every decision uses this time. */
  readonly ts: number;
  /** Instrument id within the universe. */
  readonly instrument: number;
  readonly ltp: number;
  readonly bid: number;
  readonly ask: number;
  readonly bidQty: number;
  readonly askQty: number;
  readonly depth?: Depth;
}

/** A reusable mutable tick, for replay loops that avoid one allocation per tick. */
export interface MutableTick {
  ts: number;
  instrument: number;
  ltp: number;
  bid: number;
  ask: number;
  bidQty: number;
  askQty: number;
}

/** Throws when a tick breaks an invariant (NaN or non-integer price, negative quantity). */
export function assertValidTick(t: Tick): void {
  if (!Number.isSafeInteger(t.ts)) throw new RangeError(`tick ts must be integer epoch ms, got ${t.ts}`);
  if (!Number.isSafeInteger(t.ltp) || t.ltp <= 0) throw new RangeError(`tick ltp must be a positive integer (minor units), got ${t.ltp}`);
  if (!Number.isSafeInteger(t.bid) || t.bid < 0) throw new RangeError(`tick bid must be a non-negative integer, got ${t.bid}`);
  if (!Number.isSafeInteger(t.ask) || t.ask < 0) throw new RangeError(`tick ask must be a non-negative integer, got ${t.ask}`);
  if (!(t.bidQty >= 0) || !(t.askQty >= 0)) throw new RangeError('tick quantities must be non-negative');
}
