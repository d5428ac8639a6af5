/** Packs a dataset's tick columns into one SharedArrayBuffer, copied once, and views it again in each worker without copying. */
import type { TickColumns } from '../../sim/market/tick-columns.js';

/** Where one day lives in the shared buffer: its row count and the byte offset of its first column. */
export interface DaySlot {
  readonly length: number;
  readonly offset: number;
}

export interface SharedColumns {
  readonly buffer: SharedArrayBuffer;
  readonly days: readonly DaySlot[];
}

const F64_FIELDS = ['ts', 'ltp', 'bid', 'ask', 'bidQty', 'askQty'] as const;

/** Bytes of one day: six Float64 columns, then the Int32 instrument column, padded to 8 bytes. */
const dayBytes = (n: number): number => n * 8 * F64_FIELDS.length + Math.ceil((n * 4) / 8) * 8;

/** Copies every day's columns into one SharedArrayBuffer (the only copy a sweep makes of the ticks). */
export function packColumns(days: readonly TickColumns[]): SharedColumns {
  const slots: DaySlot[] = [];
  let bytes = 0;
  for (const c of days) {
    slots.push({ length: c.length, offset: bytes });
    bytes += dayBytes(c.length);
  }
  const buffer = new SharedArrayBuffer(bytes);
  const views = viewColumns({ buffer, days: slots });
  views.forEach((v, d) => {
    const c = days[d]!;
    for (const f of F64_FIELDS) v[f].set(c[f].subarray(0, c.length));
    v.instrument.set(c.instrument.subarray(0, c.length));
  });
  return { buffer, days: slots };
}

/** Typed-array views of each day over the shared buffer (no copy). */
export function viewColumns(shared: SharedColumns): TickColumns[] {
  return shared.days.map(({ length: n, offset }) => {
    const f64 = (k: number): Float64Array => new Float64Array(shared.buffer, offset + k * n * 8, n);
    return {
      length: n,
      ts: f64(0),
      ltp: f64(1),
      bid: f64(2),
      ask: f64(3),
      bidQty: f64(4),
      askQty: f64(5),
      instrument: new Int32Array(shared.buffer, offset + F64_FIELDS.length * n * 8, n),
    };
  });
}
