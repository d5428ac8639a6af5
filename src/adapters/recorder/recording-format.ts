/** Byte layout constants of the `.ticks` recording format (version 1); the full description is in tick-recorder.ts and docs/recordings.md. */

/** File magic, ASCII "SCLPTICK". */
export const FILE_MAGIC = Uint8Array.of(0x53, 0x43, 0x4c, 0x50, 0x54, 0x49, 0x43, 0x4b);
export const FORMAT_VERSION = 1;

/** Fixed part of the file header; the universe JSON follows it, then zero padding to a multiple of 8. */
export const FILE_HEADER_FIXED_BYTES = 44;
export const HEADER_VERSION_AT = 8;
export const HEADER_FLAGS_AT = 10;
export const HEADER_OFFSET_MIN_AT = 12;
export const HEADER_DAY_START_AT = 16;
export const HEADER_DATE_AT = 24;
export const HEADER_DATE_BYTES = 10;
export const HEADER_JSON_LENGTH_AT = 36;
export const HEADER_CRC_AT = 40;

/** Chunk marker, ASCII "CHNK" read as a little-endian u32. */
export const CHUNK_MARKER = 0x4b4e4843;
export const CHUNK_HEADER_BYTES = 16;
/** Bytes per tick in a chunk: six 4-byte columns and the 2-byte instrument column. */
export const BYTES_PER_ROW = 26;
/** Largest chunk the writer produces and the reader accepts (keeps a corrupt count from asking for gigabytes). */
export const MAX_CHUNK_TICKS = 1 << 20;
export const DEFAULT_CHUNK_TICKS = 1 << 16;
/** Instrument ids are stored as u16. */
export const MAX_INSTRUMENTS = 1 << 16;
export const MS_PER_DAY = 86_400_000;

/** Rounds up to the 8-byte alignment every header and chunk keeps. */
export function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Byte offsets of the columns of an `n`-row chunk, relative to the chunk start (4-byte columns stay 4-aligned). */
export interface ChunkLayout {
  readonly ts: number;
  readonly ltp: number;
  readonly bid: number;
  readonly ask: number;
  readonly bidQty: number;
  readonly askQty: number;
  readonly instrument: number;
  /** Total bytes of the chunk, header and padding included. */
  readonly bytes: number;
}

export function chunkLayout(n: number): ChunkLayout {
  const h = CHUNK_HEADER_BYTES;
  return {
    ts: h,
    ltp: h + 4 * n,
    bid: h + 8 * n,
    ask: h + 12 * n,
    bidQty: h + 16 * n,
    askQty: h + 20 * n,
    instrument: h + 24 * n,
    bytes: align8(h + BYTES_PER_ROW * n),
  };
}

/** File name of a trading date's recording. */
export function recordingFileName(date: string): string {
  return `${date}.ticks`;
}

export const RECORDING_FILE_PATTERN = /^(\d{4}-\d{2}-\d{2})\.ticks$/;
