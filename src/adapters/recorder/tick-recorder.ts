/** TickRecorder: records every tick into one compact, append-only, columnar `.ticks` file per exchange trading date, writing off the tick loop. */
import { epochOfLocal, tradingDate } from '../../core/calendar/exchange-time.js';
import type { Universe } from '../../core/model/instrument.js';
import type { Tick } from '../../core/model/tick.js';
import { ChunkBuffer } from './chunk-buffer.js';
import { DayFile } from './day-file.js';
import { encodeHeader } from './recording-header.js';
import { DEFAULT_CHUNK_TICKS, MAX_CHUNK_TICKS, MAX_INSTRUMENTS, MS_PER_DAY } from './recording-format.js';
import { pruneRecordings } from './recording-retention.js';
import { encodeUniverse } from './universe-codec.js';
import { WriteQueue } from './write-queue.js';

export interface TickRecorderOptions {
  /** Directory of the recordings; created when missing. */
  readonly dir: string;
  /** Instruments the ticks refer to by id; stored in every file's header. */
  readonly universe: Universe;
  /** The exchange's UTC offset in minutes: decides each tick's trading date (IST = 330). */
  readonly utcOffsetMin: number;
  /** Ticks per chunk, 1..1,048,576; default 65,536. A chunk is the unit of crash safety. */
  readonly chunkSize?: number;
  /** Called once with the first write failure (default: printed to stderr); it also rejects every later flush and close. */
  readonly onError?: (error: Error) => void;
  /**
   * Retention: when a day's file is opened, the oldest day files are deleted until the directory's
   * recordings add up to at most this many bytes (the file being written is kept whatever its size).
   */
  readonly maxBytes?: number;
  /** Called with the files retention deleted. */
  readonly onPruned?: (paths: readonly string[]) => void;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Records ticks as they are processed. `record` is O(1) and allocation-free: it copies the tick's fields
 * into a preallocated chunk (the tick object is not kept). A full chunk, `flush` or a day change hands
 * the chunk to an ordered asynchronous write queue and recording continues into a spare buffer (a
 * sealed buffer is reused only after its write completes; if the disk falls behind, more buffers are
 * allocated rather than making the tick loop wait). The first tick of a new exchange trading date closes
 * the current file and starts `<dir>/<YYYY-MM-DD>.ticks`. Depth is not recorded.
 *
 * File format, version 1 (all integers little-endian; every header and chunk starts 8-byte aligned):
 *
 * File header
 *   0   8   magic "SCLPTICK" (53 43 4C 50 54 49 43 4B)
 *   8   2   u16 format version = 1
 *   10  2   u16 flags = 0
 *   12  4   i32 utcOffsetMin
 *   16  8   f64 dayStartTs: epoch ms of the trading date's local midnight
 *   24  10  ASCII trading date YYYY-MM-DD
 *   34  2   zero
 *   36  4   u32 J = byte length of the universe JSON
 *   40  4   u32 CRC-32 of bytes 0..39 followed by the J JSON bytes
 *   44  J   UTF-8 JSON {"instruments":[…]} (kind, id, symbol, exchange, utcOffsetMin, tickSize; options
 *           also right, underlying, strike, expiryDate, lotSize, typicalSpread)
 *   …       zero padding to a multiple of 8
 *
 * Chunks, back to back until the end of the file; a chunk of N ticks (1 ≤ N ≤ 1,048,576):
 *   0      4    u32 marker "CHNK" (0x4B4E4843)
 *   4      4    u32 N
 *   8      4    u32 CRC-32 of the payload (bytes 16 .. end of the chunk, padding included)
 *   12     4    u32 CRC-32 of chunk bytes 0..11
 *   16     4N   u32 ts − dayStartTs (ms after local midnight, < 86,400,000)
 *   16+4N  4N   i32 ltp (paise)
 *   16+8N  4N   i32 bid (paise)
 *   16+12N 4N   i32 ask (paise)
 *   16+16N 4N   u32 bidQty
 *   16+20N 4N   u32 askQty
 *   16+24N 2N   u16 instrument id
 *   …           zero padding to a multiple of 8 (26 bytes per tick plus 16 per chunk)
 *
 * Values that do not fit their column are refused by `record` with a RangeError (nothing is stored);
 * -0 is stored as 0. A crash loses at most the chunks not yet written: the reader returns every
 * complete chunk and reports a torn tail.
 */
export class TickRecorder {
  private readonly dir: string;
  private readonly utcOffsetMin: number;
  private readonly chunkSize: number;
  private readonly instrumentCount: number;
  private readonly universeJson: Uint8Array;
  private readonly queue: WriteQueue;
  private readonly pool: ChunkBuffer[] = [];
  private chunk: ChunkBuffer;
  private file: DayFile | undefined;
  private dayStart = Number.POSITIVE_INFINITY;
  private dayEnd = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly maxBytes: number | undefined;
  private readonly onPruned: ((paths: readonly string[]) => void) | undefined;
  private recorded = 0;
  private written = 0;

  constructor(options: TickRecorderOptions) {
    const { dir, universe, utcOffsetMin } = options;
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_TICKS;
    const where = `TickRecorder(${dir})`;
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_TICKS) {
      throw new RangeError(`${where}: chunkSize must be an integer in 1..${MAX_CHUNK_TICKS}, got ${chunkSize}`);
    }
    if (!Number.isInteger(utcOffsetMin) || utcOffsetMin < -720 || utcOffsetMin > 840) {
      throw new RangeError(`${where}: utcOffsetMin must be an integer in -720..840, got ${utcOffsetMin}`);
    }
    if (options.maxBytes !== undefined && !(options.maxBytes >= 0)) throw new RangeError(`${where}: maxBytes must be a number ≥ 0, got ${options.maxBytes}`);
    if (universe.instruments.length > MAX_INSTRUMENTS) {
      throw new RangeError(`${where}: at most ${MAX_INSTRUMENTS} instruments fit the u16 instrument column, universe has ${universe.instruments.length}`);
    }
    try {
      this.universeJson = encodeUniverse(universe);
    } catch (e) {
      throw new RangeError(`${where}: ${(e as Error).message}`, { cause: e });
    }
    this.dir = dir;
    this.utcOffsetMin = utcOffsetMin;
    this.chunkSize = chunkSize;
    this.maxBytes = options.maxBytes;
    this.onPruned = options.onPruned;
    this.instrumentCount = universe.instruments.length;
    this.queue = new WriteQueue(options.onError ?? ((e) => console.error(`tick recorder: ${e.message}`)));
    this.chunk = new ChunkBuffer(chunkSize);
    this.pool.push(new ChunkBuffer(chunkSize));
  }

  /** Ticks accepted by `record`. */
  get recordedTicks(): number {
    return this.recorded;
  }

  /** Ticks whose chunk has been written to its file. */
  get writtenTicks(): number {
    return this.written;
  }

  /** The first write failure, if any (recording has stopped writing since). */
  get error(): Error | undefined {
    return this.queue.error;
  }

  /** Copies the tick into the current chunk; throws a RangeError naming the field and the rule when a value does not fit. */
  record(tick: Tick): void {
    const ts = tick.ts;
    const instrument = tick.instrument;
    const ltp = tick.ltp;
    const bid = tick.bid;
    const ask = tick.ask;
    const bidQty = tick.bidQty;
    const askQty = tick.askQty;
    if (
      this.closed ||
      (ltp | 0) !== ltp ||
      (bid | 0) !== bid ||
      (ask | 0) !== ask ||
      bidQty >>> 0 !== bidQty ||
      askQty >>> 0 !== askQty ||
      instrument >>> 0 !== instrument ||
      instrument >= this.instrumentCount ||
      !Number.isSafeInteger(ts)
    ) {
      this.refuse(tick);
    }
    if (!(ts >= this.dayStart && ts < this.dayEnd)) this.startDay(tick);
    this.chunk.put(ts - this.dayStart, instrument, ltp, bid, ask, bidQty, askQty);
    this.recorded++;
    if (this.chunk.length === this.chunkSize) this.sealChunk();
  }

  /** Writes the buffered ticks as a (possibly short) chunk; resolves once everything recorded so far is written and synced. */
  flush(): Promise<void> {
    const file = this.file;
    if (file !== undefined) {
      if (this.chunk.length > 0) this.sealChunk();
      this.queue.push(() => file.sync());
    }
    return this.queue.drain();
  }

  /** Flushes and closes the current file; `record` refuses ticks afterwards. Safe to call twice. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.closeFile();
    }
    return this.queue.drain();
  }

  private startDay(tick: Tick): void {
    const date = tradingDate(tick.ts, this.utcOffsetMin);
    if (!DATE_PATTERN.test(date)) this.fail(tick, `ts must fall in the years 0000..9999, got ${tick.ts} (trading date ${date})`);
    this.closeFile();
    this.dayStart = epochOfLocal(date, 0, this.utcOffsetMin);
    this.dayEnd = this.dayStart + MS_PER_DAY;
    const file = new DayFile(this.dir, date, encodeHeader(date, this.utcOffsetMin, this.universeJson));
    this.file = file;
    const maxBytes = this.maxBytes;
    this.queue.push(async () => {
      await file.open();
      if (maxBytes === undefined) return;
      const deleted = await pruneRecordings(this.dir, maxBytes, date);
      if (deleted.length > 0) this.onPruned?.(deleted);
    });
  }

  private closeFile(): void {
    const file = this.file;
    if (file === undefined) return;
    if (this.chunk.length > 0) this.sealChunk();
    this.file = undefined;
    this.queue.push(() => file.close(), undefined, true);
  }

  private sealChunk(): void {
    const file = this.file;
    if (file === undefined) throw new Error(`${this.dir}: internal: ticks buffered without a file`);
    const chunk = this.chunk;
    // Sealing (compaction and checksums) is O(chunk), so it runs in the write op, not inside record().
    this.queue.push(
      async () => {
        await file.append(chunk.seal());
        this.written += chunk.length;
      },
      () => {
        chunk.reset();
        this.pool.push(chunk);
      },
    );
    this.chunk = this.pool.pop() ?? new ChunkBuffer(this.chunkSize);
  }

  /** Throws the first rule the tick breaks (the slow path of `record`). */
  private refuse(tick: Tick): never {
    if (this.closed) throw new Error(`${this.dir}: recorder is closed; record() after close()`);
    const intRule = (name: string, v: number): void => {
      if ((v | 0) !== v) this.fail(tick, `${name} must be an integer number of paise in the Int32 range ${INT32_MIN}..${INT32_MAX}, got ${v}`);
    };
    const qtyRule = (name: string, v: number): void => {
      if (v >>> 0 !== v) this.fail(tick, `${name} must be an integer in 0..${UINT32_MAX} (u32 column), got ${v}`);
    };
    intRule('ltp', tick.ltp);
    intRule('bid', tick.bid);
    intRule('ask', tick.ask);
    qtyRule('bidQty', tick.bidQty);
    qtyRule('askQty', tick.askQty);
    const id = tick.instrument;
    if (id >>> 0 !== id || id >= this.instrumentCount) this.fail(tick, `instrument must be an id of the universe (0..${this.instrumentCount - 1}), got ${id}`);
    return this.fail(tick, `ts must be an integer epoch ms, got ${tick.ts}`);
  }

  private fail(tick: Tick, rule: string): never {
    throw new RangeError(`${this.file?.path ?? this.dir}: tick refused: ${rule} (instrument ${tick.instrument}, ts ${tick.ts})`);
  }
}
