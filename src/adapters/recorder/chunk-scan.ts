/** Walks the chunks after the header: verifies each complete chunk's checksums and tells a torn tail (reported) from corruption (thrown). */
import { crc32 } from './crc32.js';
import { CHUNK_HEADER_BYTES, CHUNK_MARKER, MAX_CHUNK_TICKS, chunkLayout } from './recording-format.js';
import { RecordingFormatError } from './recording-error.js';

export interface ChunkRef {
  /** Byte offset of the chunk in the file. */
  readonly offset: number;
  readonly count: number;
}

export interface ChunkScan {
  readonly chunks: readonly ChunkRef[];
  /** End of the last complete chunk: everything before it is valid. */
  readonly validBytes: number;
  /** The file ends inside a chunk (a write cut short) or in a zero-filled tail. */
  readonly truncated: boolean;
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Scans chunks from `start` (the header length) to the end of `bytes`. */
export function scanChunks(bytes: Uint8Array, start: number, file: string): ChunkScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: ChunkRef[] = [];
  let at = start;
  for (;;) {
    const left = bytes.length - at;
    if (left === 0) return { chunks, validBytes: at, truncated: false };
    // A crash can leave a partial chunk, or file-system blocks that were allocated but never written (zeros).
    if (left < CHUNK_HEADER_BYTES || allZero(bytes, at)) return { chunks, validBytes: at, truncated: true };
    if (view.getUint32(at, true) !== CHUNK_MARKER) throw new RecordingFormatError(file, at, 'bad chunk marker (expected "CHNK")');
    if (view.getUint32(at + 12, true) !== crc32(bytes.subarray(at, at + 12))) {
      throw new RecordingFormatError(file, at, 'chunk header checksum mismatch');
    }
    const count = view.getUint32(at + 4, true);
    if (count < 1 || count > MAX_CHUNK_TICKS) throw new RecordingFormatError(file, at, `chunk tick count ${count} outside 1..${MAX_CHUNK_TICKS}`);
    const end = at + chunkLayout(count).bytes;
    if (end > bytes.length) return { chunks, validBytes: at, truncated: true };
    if (view.getUint32(at + 8, true) !== crc32(bytes.subarray(at + CHUNK_HEADER_BYTES, end))) {
      throw new RecordingFormatError(file, at, `chunk payload checksum mismatch (${count} ticks)`);
    }
    chunks.push({ offset: at, count });
    at = end;
  }
}
