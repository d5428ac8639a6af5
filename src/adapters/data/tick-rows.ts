/** Reads the rows of a tick CSV (ts, symbol, price, optional bid/ask and sizes) into flat arrays of exact micro-unit values. */
import { MAX_PRICE, MAX_PRICE_MICRO } from './byte-numbers.js';
import type { CsvCursor } from './csv-cursor.js';
import { snippet } from './data-input-error.js';
import { SymbolTable } from './symbol-table.js';
import type { TickLayout } from './text-layout.js';
import { TimeColumn, noteIsoOffset } from './time-column.js';

/** Prices are micro-units (value × 10^6); a missing bid or ask is NaN. `ts` is epoch ms, or local wall time when `time.naive`. */
export interface RawTicks {
  readonly n: number;
  readonly ts: Float64Array;
  readonly sym: Int32Array;
  readonly price: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly bidQty: Float64Array;
  readonly askQty: Float64Array;
  readonly symbols: readonly string[];
  readonly time: TimeColumn;
  /** Data rows read, dropped ones included. */
  readonly rows: number;
  /** Rows dropped because their `suspicious` field was 1. */
  readonly suspicious: number;
}

function isFlagged(cursor: CsvCursor, col: number): boolean {
  const s = cursor.starts[col]!;
  const e = cursor.ends[col]!;
  if (s === e) return false;
  const c = cursor.bytes[s];
  if (e - s === 1) return c === 49;
  const t = cursor.text(col).toLowerCase();
  return t === 'true' || t === '1';
}

/** `into` holding a copy of `from` in its first rows. */
function widen<T extends Float64Array | Int32Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

export function readTickRows(cursor: CsvCursor, layout: TickLayout): RawTicks {
  // Sized by an estimate (counting the lines ahead would read the file twice), grown if it falls short.
  let cap = cursor.estimatedLines();
  let ts = new Float64Array(cap);
  let sym = new Int32Array(cap);
  let price = new Float64Array(cap);
  let bid = new Float64Array(cap);
  let ask = new Float64Array(cap);
  let bidQty = new Float64Array(cap);
  let askQty = new Float64Array(cap);
  const grow = (): void => {
    cap = Math.ceil(cap * 1.5) + 16;
    ts = widen(ts, new Float64Array(cap));
    sym = widen(sym, new Int32Array(cap));
    price = widen(price, new Float64Array(cap));
    bid = widen(bid, new Float64Array(cap));
    ask = widen(ask, new Float64Array(cap));
    bidQty = widen(bidQty, new Float64Array(cap));
    askQty = widen(askQty, new Float64Array(cap));
  };
  const symbols = new SymbolTable();
  const time = new TimeColumn(cursor, layout.ts, layout.tsIso);
  const scratch = { ms: 0, offsetMin: 0 };
  const { symbol: symCol, price: priceCol, bid: bidCol, ask: askCol, bidQty: bqCol, askQty: aqCol, suspicious: suspCol, timeEt } = layout;
  let n = 0;
  let rows = 0;
  let suspicious = 0;
  while (cursor.next()) {
    rows++;
    const t = time.read();
    if (timeEt >= 0) noteIsoOffset(cursor, timeEt, time.offsets, scratch);
    if (suspCol >= 0 && isFlagged(cursor, suspCol)) {
      suspicious++;
      continue;
    }
    const id = symbols.idAt(cursor.bytes, cursor.starts[symCol]!, cursor.ends[symCol]!);
    if (id < 0) cursor.fail(symCol, 'symbol is empty');
    const p = cursor.micro(priceCol);
    if (!(p > 0 && p <= MAX_PRICE_MICRO)) {
      cursor.fail(priceCol, p !== p ? 'price is missing' : `price must be > 0 and at most ${MAX_PRICE}, got ${snippet(cursor.text(priceCol))}`);
    }
    let b = Number.NaN;
    let a = Number.NaN;
    if (bidCol >= 0) {
      b = cursor.micro(bidCol);
      if (b < 0 || b > MAX_PRICE_MICRO) cursor.fail(bidCol, `bid must be ≥ 0 and at most ${MAX_PRICE}, got ${snippet(cursor.text(bidCol))}`);
    }
    if (askCol >= 0) {
      a = cursor.micro(askCol);
      if (a < 0 || a > MAX_PRICE_MICRO) cursor.fail(askCol, `ask must be ≥ 0 and at most ${MAX_PRICE}, got ${snippet(cursor.text(askCol))}`);
    }
    if (n === cap) grow();
    ts[n] = t;
    sym[n] = id;
    price[n] = p;
    bid[n] = b;
    ask[n] = a;
    bidQty[n] = bqCol >= 0 ? cursor.whole(bqCol) || 0 : 0;
    askQty[n] = aqCol >= 0 ? cursor.whole(aqCol) || 0 : 0;
    n++;
  }
  return { n, ts, sym, price, bid, ask, bidQty, askQty, symbols: symbols.names, time, rows, suspicious };
}
