/** Reads the rows of an OHLC bar CSV (bar-start time, optional symbol, open/high/low/close) into flat arrays of micro-unit prices. */
import { MAX_PRICE, MAX_PRICE_MICRO } from './byte-numbers.js';
import type { CsvCursor } from './csv-cursor.js';
import { snippet } from './data-input-error.js';
import { SymbolTable } from './symbol-table.js';
import type { BarLayout } from './text-layout.js';
import { TimeColumn, noteIsoOffset } from './time-column.js';

export interface RawBars {
  readonly n: number;
  /** Bar start: epoch ms, or local wall time when `time.naive`. */
  readonly ts: Float64Array;
  readonly sym: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly symbols: readonly string[];
  readonly time: TimeColumn;
}

/** `defaultSymbol` names the instrument when the file has no symbol column. */
export function readBarRows(cursor: CsvCursor, layout: BarLayout, defaultSymbol: string): RawBars {
  const cap = cursor.remainingLines();
  const ts = new Float64Array(cap);
  const sym = new Int32Array(cap);
  const open = new Float64Array(cap);
  const high = new Float64Array(cap);
  const low = new Float64Array(cap);
  const close = new Float64Array(cap);
  const table = new SymbolTable();
  const time = new TimeColumn(cursor, layout.ts, layout.tsIso);
  const scratch = { ms: 0, offsetMin: 0 };
  const price = (col: number, name: string): number => {
    const v = cursor.micro(col);
    if (!(v > 0 && v <= MAX_PRICE_MICRO)) cursor.fail(col, v !== v ? `${name} is missing` : `${name} must be > 0 and at most ${MAX_PRICE}, got ${snippet(cursor.text(col))}`);
    return v;
  };
  let n = 0;
  while (cursor.next()) {
    const t = time.read();
    if (layout.timeEt >= 0) noteIsoOffset(cursor, layout.timeEt, time.offsets, scratch);
    let id = 0;
    if (layout.symbol >= 0) {
      id = table.idAt(cursor.bytes, cursor.starts[layout.symbol]!, cursor.ends[layout.symbol]!);
      if (id < 0) cursor.fail(layout.symbol, 'symbol is empty');
    }
    const o = price(layout.open, 'open');
    const h = price(layout.high, 'high');
    const l = price(layout.low, 'low');
    const c = price(layout.close, 'close');
    if (h < o || h < c || h < l) cursor.fail(layout.high, `high ${cursor.text(layout.high)} is below the bar's open, low or close`);
    if (l > o || l > c) cursor.fail(layout.low, `low ${cursor.text(layout.low)} is above the bar's open or close`);
    ts[n] = t;
    sym[n] = id;
    open[n] = o;
    high[n] = h;
    low[n] = l;
    close[n] = c;
    n++;
  }
  return { n, ts, sym, open, high, low, close, symbols: layout.symbol >= 0 ? table.names : [defaultSymbol], time };
}
