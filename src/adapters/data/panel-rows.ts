/** Reads the rows of a CE/PE panel (one row per time: underlying, CE and PE bid/ask/last) into flat arrays of micro-unit prices. */
import { MAX_PRICE, MAX_PRICE_MICRO } from './byte-numbers.js';
import type { CsvCursor } from './csv-cursor.js';
import { snippet } from './data-input-error.js';
import type { PanelLayout } from './text-layout.js';
import { TimeColumn, noteIsoOffset } from './time-column.js';

/** A missing value (empty field or unmapped column) is NaN. */
export interface RawPanel {
  readonly n: number;
  readonly ts: Float64Array;
  readonly underlying: Float64Array;
  readonly ceBid: Float64Array;
  readonly ceAsk: Float64Array;
  readonly ceLast: Float64Array;
  readonly peBid: Float64Array;
  readonly peAsk: Float64Array;
  readonly peLast: Float64Array;
  readonly time: TimeColumn;
}

export function readPanelRows(cursor: CsvCursor, layout: PanelLayout): RawPanel {
  const cap = cursor.remainingLines();
  const col = (): Float64Array => new Float64Array(cap);
  const out = { ts: col(), underlying: col(), ceBid: col(), ceAsk: col(), ceLast: col(), peBid: col(), peAsk: col(), peLast: col() };
  const time = new TimeColumn(cursor, layout.ts, layout.tsIso);
  const scratch = { ms: 0, offsetMin: 0 };
  const value = (c: number): number => {
    if (c < 0) return Number.NaN;
    const v = cursor.micro(c);
    if (v < 0 || v > MAX_PRICE_MICRO) cursor.fail(c, `must be ≥ 0 and at most ${MAX_PRICE}, got ${snippet(cursor.text(c))}`);
    return v;
  };
  const { cols } = layout;
  let n = 0;
  while (cursor.next()) {
    out.ts[n] = time.read();
    if (layout.timeEt >= 0) noteIsoOffset(cursor, layout.timeEt, time.offsets, scratch);
    out.underlying[n] = value(cols.underlying);
    out.ceBid[n] = value(cols.ceBid);
    out.ceAsk[n] = value(cols.ceAsk);
    out.ceLast[n] = value(cols.ceLast);
    out.peBid[n] = value(cols.peBid);
    out.peAsk[n] = value(cols.peAsk);
    out.peLast[n] = value(cols.peLast);
    n++;
  }
  return { n, ...out, time };
}
