/** Reads a `.ticks` recording back: the universe, one TickColumns per complete chunk (one copy each), and whether the tail was torn. */
import { readFileSync } from 'node:fs';
import type { Universe } from '../../core/model/instrument.js';
import type { Tick } from '../../core/model/tick.js';
import { rowToTick, type TickColumns } from '../../sim/market/tick-columns.js';
import { scanChunks, type ChunkRef } from './chunk-scan.js';
import { decodeHeader } from './recording-header.js';
import { chunkLayout } from './recording-format.js';

export interface Recording {
  readonly path: string;
  /** Exchange trading date of every tick, YYYY-MM-DD. */
  readonly date: string;
  readonly utcOffsetMin: number;
  readonly universe: Universe;
  /** One per complete chunk, in file order (the order the ticks were recorded). */
  readonly columns: readonly TickColumns[];
  /** Ticks in all chunks. */
  readonly ticks: number;
  /** The file ended inside a chunk (a write cut short by a crash): that chunk is left out. */
  readonly truncated: boolean;
  /** Bytes up to the end of the last complete chunk. */
  readonly validBytes: number;
}

/** Decodes one verified chunk into fresh arrays: the stored integer columns widen natively via `set`. */
function decodeChunk(bytes: Uint8Array, ref: ChunkRef, dayStartTs: number): TickColumns {
  const n = ref.count;
  const at = bytes.byteOffset + ref.offset;
  const src = bytes.buffer;
  const layout = chunkLayout(n);
  // Every byte is overwritten below, so skip the zero fill of a fresh ArrayBuffer.
  const out = Buffer.allocUnsafeSlow(n * (6 * 8 + 4)).buffer;
  const f64 = (k: number): Float64Array => new Float64Array(out, k * 8 * n, n);
  const ts = f64(0);
  const ltp = f64(1);
  const bid = f64(2);
  const ask = f64(3);
  const bidQty = f64(4);
  const askQty = f64(5);
  const instrument = new Int32Array(out, 48 * n, n);
  const tsMs = new Uint32Array(src, at + layout.ts, n);
  for (let i = 0; i < n; i++) ts[i] = dayStartTs + tsMs[i]!;
  ltp.set(new Int32Array(src, at + layout.ltp, n));
  bid.set(new Int32Array(src, at + layout.bid, n));
  ask.set(new Int32Array(src, at + layout.ask, n));
  bidQty.set(new Uint32Array(src, at + layout.bidQty, n));
  askQty.set(new Uint32Array(src, at + layout.askQty, n));
  instrument.set(new Uint16Array(src, at + layout.instrument, n));
  return { length: n, ts, instrument, ltp, bid, ask, bidQty, askQty };
}

/**
 * Decodes a recording held in memory. Throws a RecordingFormatError (file, byte offset, rule) for a bad
 * header or a corrupt complete chunk; a torn last chunk is reported as `truncated`, not thrown.
 */
export function decodeRecording(data: Uint8Array, path: string): Recording {
  // Column views need 4-byte alignment; chunks are 8-aligned within the file, so align the file once.
  const bytes = data.byteOffset % 8 === 0 ? data : data.slice();
  const header = decodeHeader(bytes, path);
  const scan = scanChunks(bytes, header.bytes, path);
  const columns = scan.chunks.map((ref) => decodeChunk(bytes, ref, header.dayStartTs));
  return {
    path,
    date: header.date,
    utcOffsetMin: header.utcOffsetMin,
    universe: header.universe,
    columns,
    ticks: columns.reduce((n, c) => n + c.length, 0),
    truncated: scan.truncated,
    validBytes: scan.validBytes,
  };
}

/** Reads and decodes the file at `path` (see decodeRecording). */
export function readRecording(path: string): Recording {
  return decodeRecording(readFileSync(path), path);
}

/** The recording's ticks in order, each a fresh object (safe to keep). */
export function ticksOf(recording: Pick<Recording, 'columns'>): Iterable<Tick> {
  return {
    *[Symbol.iterator]() {
      for (const c of recording.columns) for (let i = 0; i < c.length; i++) yield rowToTick(c, i);
    },
  };
}
