/** Encodes and decodes the file header: magic, version, UTC offset, day start, date, then the universe JSON under a CRC-32. */
import { dateToDayNumber, epochOfLocal } from '../../core/calendar/exchange-time.js';
import type { Universe } from '../../core/model/instrument.js';
import { crc32 } from './crc32.js';
import {
  FILE_HEADER_FIXED_BYTES,
  FILE_MAGIC,
  FORMAT_VERSION,
  HEADER_CRC_AT,
  HEADER_DATE_AT,
  HEADER_DATE_BYTES,
  HEADER_DAY_START_AT,
  HEADER_FLAGS_AT,
  HEADER_JSON_LENGTH_AT,
  HEADER_OFFSET_MIN_AT,
  HEADER_VERSION_AT,
  align8,
} from './recording-format.js';
import { RecordingFormatError } from './recording-error.js';
import { decodeUniverse } from './universe-codec.js';

export interface RecordingHeader {
  /** Exchange trading date of every tick in the file, YYYY-MM-DD. */
  readonly date: string;
  readonly utcOffsetMin: number;
  /** Epoch ms of the date's local midnight; stored ts values are ms after it. */
  readonly dayStartTs: number;
  readonly universe: Universe;
  /** The universe as stored (a copy of the header's JSON bytes: the file's buffer may be reused). */
  readonly universeJson: Uint8Array;
  /** Header length in bytes (padding included): the first chunk starts here. */
  readonly bytes: number;
}

/** A universe already decoded from some header's JSON bytes. */
export type KnownUniverse = Pick<RecordingHeader, 'universe' | 'universeJson'>;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function headerCrc(bytes: Uint8Array, jsonLength: number): number {
  const fixed = crc32(bytes.subarray(0, HEADER_CRC_AT));
  return crc32(bytes.subarray(FILE_HEADER_FIXED_BYTES, FILE_HEADER_FIXED_BYTES + jsonLength), fixed);
}

/** The header of `date`'s file, universe already encoded (see universe-codec.ts). */
export function encodeHeader(date: string, utcOffsetMin: number, universeJson: Uint8Array): Uint8Array {
  dateToDayNumber(date);
  const out = new Uint8Array(align8(FILE_HEADER_FIXED_BYTES + universeJson.length));
  const view = new DataView(out.buffer);
  out.set(FILE_MAGIC, 0);
  view.setUint16(HEADER_VERSION_AT, FORMAT_VERSION, true);
  view.setUint16(HEADER_FLAGS_AT, 0, true);
  view.setInt32(HEADER_OFFSET_MIN_AT, utcOffsetMin, true);
  view.setFloat64(HEADER_DAY_START_AT, epochOfLocal(date, 0, utcOffsetMin), true);
  for (let i = 0; i < HEADER_DATE_BYTES; i++) out[HEADER_DATE_AT + i] = date.charCodeAt(i);
  view.setUint32(HEADER_JSON_LENGTH_AT, universeJson.length, true);
  out.set(universeJson, FILE_HEADER_FIXED_BYTES);
  view.setUint32(HEADER_CRC_AT, headerCrc(out, universeJson.length), true);
  return out;
}

/**
 * Decodes and checks the header; every failure is a RecordingFormatError naming `file` and the rule.
 * A header whose universe JSON is byte for byte `known`'s takes `known.universe` (already validated)
 * instead of parsing it again: a dataset's recordings usually share one universe.
 */
export function decodeHeader(bytes: Uint8Array, file: string, known?: KnownUniverse): RecordingHeader {
  const fail = (offset: number, rule: string, cause?: unknown): never => {
    throw new RecordingFormatError(file, offset, rule, cause === undefined ? undefined : { cause });
  };
  for (let i = 0; i < FILE_MAGIC.length; i++) {
    if (i >= bytes.length) fail(bytes.length, 'truncated header (file shorter than the magic)');
    if (bytes[i] !== FILE_MAGIC[i]) fail(0, 'bad magic: not a tick recording (expected "SCLPTICK")');
  }
  if (bytes.length < FILE_HEADER_FIXED_BYTES) fail(bytes.length, `truncated header (${bytes.length} of ${FILE_HEADER_FIXED_BYTES} fixed bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(HEADER_VERSION_AT, true);
  if (version !== FORMAT_VERSION) fail(HEADER_VERSION_AT, `unsupported format version ${version} (this reader knows ${FORMAT_VERSION})`);
  const jsonLength = view.getUint32(HEADER_JSON_LENGTH_AT, true);
  const end = align8(FILE_HEADER_FIXED_BYTES + jsonLength);
  if (end > bytes.length) fail(bytes.length, `truncated header (universe JSON of ${jsonLength} bytes runs past the end of the file)`);
  if (view.getUint32(HEADER_CRC_AT, true) !== headerCrc(bytes, jsonLength)) fail(HEADER_CRC_AT, 'header checksum mismatch (header or universe corrupt)');
  for (let i = FILE_HEADER_FIXED_BYTES + jsonLength; i < end; i++) if (bytes[i] !== 0) fail(i, 'nonzero header padding');
  const flags = view.getUint16(HEADER_FLAGS_AT, true);
  if (flags !== 0) fail(HEADER_FLAGS_AT, `unknown header flags ${flags}`);
  const utcOffsetMin = view.getInt32(HEADER_OFFSET_MIN_AT, true);
  const dayStartTs = view.getFloat64(HEADER_DAY_START_AT, true);
  const date = String.fromCharCode(...bytes.subarray(HEADER_DATE_AT, HEADER_DATE_AT + HEADER_DATE_BYTES));
  let expectedStart: number;
  try {
    expectedStart = epochOfLocal(date, 0, utcOffsetMin);
  } catch (e) {
    return fail(HEADER_DATE_AT, `bad date "${date}"`, e);
  }
  if (dayStartTs !== expectedStart) fail(HEADER_DAY_START_AT, `day start ${dayStartTs} does not match date ${date} at UTC offset ${utcOffsetMin} min`);
  const json = bytes.subarray(FILE_HEADER_FIXED_BYTES, FILE_HEADER_FIXED_BYTES + jsonLength);
  if (known !== undefined && sameBytes(json, known.universeJson)) {
    return { date, utcOffsetMin, dayStartTs, universe: known.universe, universeJson: known.universeJson, bytes: end };
  }
  let universe: Universe;
  try {
    universe = decodeUniverse(json);
  } catch (e) {
    return fail(FILE_HEADER_FIXED_BYTES, (e as Error).message, e);
  }
  return { date, utcOffsetMin, dayStartTs, universe, universeJson: Uint8Array.prototype.slice.call(json), bytes: end };
}
