/** Reads a data file by synchronous positional reads (loadDataset is synchronous, so no stream) into buffers the caller reuses, passing every byte to the dataset hash once, in order. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DataInputError } from './data-input-error.js';
import type { DatasetHash } from './dataset-hash.js';

/** Bytes a large text file is read in: the whole file is never in memory (fresh memory is the main cost of loading). */
export const BLOCK_BYTES = 1 << 20;

const NL = 10;

export class FileReader {
  readonly size: number;
  private readonly fd: number;
  /** Next byte to read. */
  private at = 0;
  private scratch: Buffer | undefined;
  private closed = false;

  /** Opens `path`; the hash, when given, receives the file's length now and each byte as it is read. */
  constructor(
    readonly path: string,
    private readonly hash?: DatasetHash,
  ) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
    hash?.begin(this.size);
  }

  /** Reads the next bytes into `into` from `offset` to its end (less at the end of the file); returns how many. */
  read(into: Uint8Array, offset = 0): number {
    let got = 0;
    while (offset + got < into.length && this.at < this.size) {
      const n = readSync(this.fd, into, offset + got, Math.min(into.length - offset - got, this.size - this.at), this.at);
      if (n === 0) throw new DataInputError(`${this.path}: the file got shorter while it was read`);
      this.at += n;
      got += n;
    }
    this.hash?.update(into.subarray(offset, offset + got));
    return got;
  }

  /** The rest of the file, in `reuse` when it is large enough (its bytes are then overwritten), else in a fresh buffer. */
  readRest(reuse?: Buffer): Buffer {
    const n = this.size - this.at;
    const out = reuse !== undefined && reuse.length >= n ? reuse.subarray(0, n) : Buffer.allocUnsafeSlow(n);
    this.read(out);
    return out;
  }

  /** Bytes not read yet. */
  bytesAhead(): number {
    return this.size - this.at;
  }

  /** Newlines in the bytes not read yet (the reading position does not move). */
  newlinesAhead(): number {
    const block = (this.scratch ??= Buffer.allocUnsafeSlow(BLOCK_BYTES));
    let count = 0;
    for (let at = this.at; at < this.size; ) {
      const n = readSync(this.fd, block, 0, Math.min(block.length, this.size - at), at);
      if (n === 0) break;
      for (let i = block.indexOf(NL, 0); i >= 0 && i < n; i = block.indexOf(NL, i + 1)) count++;
      at += n;
    }
    return count;
  }

  /** Hashes whatever was not read, then closes the file. */
  finish(): void {
    const block = (this.scratch ??= Buffer.allocUnsafeSlow(BLOCK_BYTES));
    while (this.at < this.size) this.read(block);
    this.close();
  }

  /** Closes the file (again is a no-op). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
