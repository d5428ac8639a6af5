/** Keeps a recordings directory within a size limit by deleting whole day files, oldest trading date first, never the one being written. */
import { stat, unlink } from 'node:fs/promises';
import { listRecordings, recordingPath } from './recording-files.js';

/**
 * Deletes the oldest `<date>.ticks` files of `dir` until the files add up to at most `maxBytes`, keeping
 * `keepDate` (the file being written) whatever its size. Returns the deleted paths, oldest first.
 */
export async function pruneRecordings(dir: string, maxBytes: number, keepDate: string): Promise<string[]> {
  const files: { path: string; date: string; size: number }[] = [];
  for (const date of listRecordings(dir)) {
    const path = recordingPath(dir, date);
    try {
      files.push({ path, date, size: (await stat(path)).size });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const deleted: string[] = [];
  for (const f of files) {
    if (total <= maxBytes) break;
    if (f.date === keepDate) continue;
    await unlink(f.path);
    total -= f.size;
    deleted.push(f.path);
  }
  return deleted;
}
