/** The dataset hash: SHA-256 over the source bytes and the canonical JSON of every setting that shapes the ticks. */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Bump when the loader's rules change what the same file and options produce. */
const LOADER_VERSION = 1;

export function datasetHash(sources: readonly Uint8Array[], settings: unknown): string {
  const hash = createHash('sha256');
  for (const bytes of sources) {
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  hash.update('\n');
  hash.update(canonicalJson({ loader: LOADER_VERSION, settings }));
  return hash.digest('hex');
}
