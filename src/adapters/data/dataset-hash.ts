/** The dataset hash: SHA-256 over the source bytes and the canonical JSON of every setting that shapes the ticks. */
import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Bump when the loader's rules change what the same file and options produce. */
const LOADER_VERSION = 1;

/** The hash built as the sources are read (a large file is hashed block by block and never held whole). */
export class DatasetHash {
  private readonly hash: Hash = createHash('sha256');

  /** Starts a source of `length` bytes; its bytes follow, in order, through `update`. */
  begin(length: number): void {
    this.hash.update(`${length}:`);
  }

  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
  }

  /** A whole source at once. */
  add(bytes: Uint8Array): void {
    this.begin(bytes.length);
    this.update(bytes);
  }

  digest(settings: unknown): string {
    this.hash.update('\n');
    this.hash.update(canonicalJson({ loader: LOADER_VERSION, settings }));
    return this.hash.digest('hex');
  }
}
