/** One preallocated chunk, laid out as on disk: rows are stored straight into its columns and sealing makes the bytes to write. */
import { crc32 } from './crc32.js';
import { CHUNK_HEADER_BYTES, CHUNK_MARKER, chunkLayout } from './recording-format.js';

export class ChunkBuffer {
  readonly capacity: number;
  length = 0;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly ts: Uint32Array;
  private readonly ltp: Int32Array;
  private readonly bid: Int32Array;
  private readonly ask: Int32Array;
  private readonly bidQty: Uint32Array;
  private readonly askQty: Uint32Array;
  private readonly instrument: Uint16Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    const layout = chunkLayout(capacity);
    const buffer = new ArrayBuffer(layout.bytes);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.ts = new Uint32Array(buffer, layout.ts, capacity);
    this.ltp = new Int32Array(buffer, layout.ltp, capacity);
    this.bid = new Int32Array(buffer, layout.bid, capacity);
    this.ask = new Int32Array(buffer, layout.ask, capacity);
    this.bidQty = new Uint32Array(buffer, layout.bidQty, capacity);
    this.askQty = new Uint32Array(buffer, layout.askQty, capacity);
    this.instrument = new Uint16Array(buffer, layout.instrument, capacity);
  }

  /** Appends a row; the caller has checked every value fits its column and that the chunk is not full. */
  put(tsOffset: number, instrument: number, ltp: number, bid: number, ask: number, bidQty: number, askQty: number): void {
    const i = this.length++;
    this.ts[i] = tsOffset;
    this.instrument[i] = instrument;
    this.ltp[i] = ltp;
    this.bid[i] = bid;
    this.ask[i] = ask;
    this.bidQty[i] = bidQty;
    this.askQty[i] = askQty;
  }

  /**
   * The chunk's bytes for `length` rows: a partial chunk's columns are first moved down in place so they
   * sit back to back; then padding, checksums and the chunk header are filled in. The view stays valid
   * until `reset`.
   */
  seal(): Uint8Array {
    const n = this.length;
    const full = chunkLayout(this.capacity);
    const used = chunkLayout(n);
    const b = this.bytes;
    if (n < this.capacity) {
      // Each column moves to a lower offset than its own, and never over a column not yet moved.
      b.copyWithin(used.ltp, full.ltp, full.ltp + 4 * n);
      b.copyWithin(used.bid, full.bid, full.bid + 4 * n);
      b.copyWithin(used.ask, full.ask, full.ask + 4 * n);
      b.copyWithin(used.bidQty, full.bidQty, full.bidQty + 4 * n);
      b.copyWithin(used.askQty, full.askQty, full.askQty + 4 * n);
      b.copyWithin(used.instrument, full.instrument, full.instrument + 2 * n);
    }
    b.fill(0, used.instrument + 2 * n, used.bytes);
    const v = this.view;
    v.setUint32(0, CHUNK_MARKER, true);
    v.setUint32(4, n, true);
    v.setUint32(8, crc32(b.subarray(CHUNK_HEADER_BYTES, used.bytes)), true);
    v.setUint32(12, crc32(b.subarray(0, 12)), true);
    return b.subarray(0, used.bytes);
  }

  /** Empties the chunk for reuse (after its bytes are written). */
  reset(): void {
    this.length = 0;
  }
}
