/** Column-oriented ticks for fast replay: one typed array per field, row i is one tick, rows in ts order. */
import type { MutableTick, Tick } from '../../core/model/tick.js';

/** All arrays have exactly `length` rows. Prices are minor units; index rows carry bid = ask = 0 and zero quantities. */
export interface TickColumns {
  readonly length: number;
  readonly ts: Float64Array;
  readonly instrument: Int32Array;
  readonly ltp: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly bidQty: Float64Array;
  readonly askQty: Float64Array;
}

/** Copies row `i` into a reusable tick (no allocation). */
export function readRow(columns: TickColumns, i: number, into: MutableTick): MutableTick {
  into.ts = columns.ts[i] ?? 0;
  into.instrument = columns.instrument[i] ?? 0;
  into.ltp = columns.ltp[i] ?? 0;
  into.bid = columns.bid[i] ?? 0;
  into.ask = columns.ask[i] ?? 0;
  into.bidQty = columns.bidQty[i] ?? 0;
  into.askQty = columns.askQty[i] ?? 0;
  return into;
}

/** Row `i` as a fresh tick object. */
export function rowToTick(columns: TickColumns, i: number): Tick {
  return readRow(columns, i, { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 });
}
