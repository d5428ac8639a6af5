/** Reads a `.ticks` recording back: the universe, its ticks as TickColumns (one per complete chunk, or one for the file), and whether the tail was torn. */
import { readFileSync } from 'node:fs';
import type { Universe } from '../../core/model/instrument.js';
import type { Tick } from '../../core/model/tick.js';
import { rowToTick, type TickColumns } from '../../sim/market/tick-columns.js';
import { scanChunks, type ChunkRef } from './chunk-scan.js';
import { decodeHeader, type KnownUniverse } from './recording-header.js';
import { chunkLayout } from './recording-format.js';

export interface Recording {
  readonly path: string;
  /** Exchange trading date of every tick, YYYY-MM-DD. */
  readonly date: string;
  readonly utcOffsetMin: number;
  readonly universe: Universe;
  /** The universe as stored in the header (JSON bytes). */
  readonly universeJson: Uint8Array;
  /** One per complete chunk, in file order (the order the ticks were recorded); one for the whole file when decoded `joined`. */
  readonly columns: readonly TickColumns[];
  /** Ticks in all chunks. */
  readonly ticks: number;
  /** The file ended inside a chunk (a write cut short by a crash): that chunk is left out. */
  readonly truncated: boolean;
  /** Bytes up to the end of the last complete chunk. */
  readonly validBytes: number;
}

/** Fresh columns for `n` rows in one buffer; every byte is overwritten by the decoder, so the zero fill is skipped. */
function allocColumns(n: number): TickColumns {
  const out = Buffer.allocUnsafeSlow(n * (6 * 8 + 4)).buffer;
  const f64 = (k: number): Float64Array => new Float64Array(out, k * 8 * n, n);
  return { length: n, ts: f64(0), ltp: f64(1), bid: f64(2), ask: f64(3), bidQty: f64(4), askQty: f64(5), instrument: new Int32Array(out, 48 * n, n) };
}

/** Decodes one verified chunk into rows [at, at + count) of `out`: the stored integer columns widen natively via `set`. */
function decodeChunk(bytes: Uint8Array, ref: ChunkRef, dayStartTs: number, out: TickColumns, at: number): void {
  const n = ref.count;
  const from = bytes.byteOffset + ref.offset;
  const src = bytes.buffer;
  const layout = chunkLayout(n);
  const tsMs = new Uint32Array(src, from + layout.ts, n);
  const ts = out.ts;
  for (let i = 0; i < n; i++) ts[at + i] = dayStartTs + tsMs[i]!;
  out.ltp.set(new Int32Array(src, from + layout.ltp, n), at);
  out.bid.set(new Int32Array(src, from + layout.bid, n), at);
  out.ask.set(new Int32Array(src, from + layout.ask, n), at);
  out.bidQty.set(new Uint32Array(src, from + layout.bidQty, n), at);
  out.askQty.set(new Uint32Array(src, from + layout.askQty, n), at);
  out.instrument.set(new Uint16Array(src, from + layout.instrument, n), at);
}

/**
 * Decodes a recording held in memory. Throws a RecordingFormatError (file, byte offset, rule) for a bad
 * header or a corrupt complete chunk; a torn last chunk is reported as `truncated`, not thrown. `joined`:
 * every chunk decodes straight into one TickColumns for the whole file (none when it holds no ticks).
 * `known`: a universe decoded before, taken when the header stores the same bytes (see decodeHeader).
 */
export function decodeRecording(data: Uint8Array, path: string, joined = false, known?: KnownUniverse): Recording {
  // Column views need 4-byte alignment; chunks are 8-aligned within the file, so align the file once.
  const bytes = data.byteOffset % 8 === 0 ? data : data.slice();
  const header = decodeHeader(bytes, path, known);
  const scan = scanChunks(bytes, header.bytes, path);
  const ticks = scan.chunks.reduce((n, ref) => n + ref.count, 0);
  let columns: TickColumns[];
  if (joined) {
    const out = allocColumns(ticks);
    let at = 0;
    for (const ref of scan.chunks) {
      decodeChunk(bytes, ref, header.dayStartTs, out, at);
      at += ref.count;
    }
    columns = ticks > 0 ? [out] : [];
  } else {
    columns = scan.chunks.map((ref) => {
      const out = allocColumns(ref.count);
      decodeChunk(bytes, ref, header.dayStartTs, out, 0);
      return out;
    });
  }
  return {
    path,
    date: header.date,
    utcOffsetMin: header.utcOffsetMin,
    universe: header.universe,
    universeJson: header.universeJson,
    columns,
    ticks,
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
