/** The tick recordings as a place to find an option's ticks around a trade: the date's `.ticks` file, read and decoded, the last one kept while it is unchanged. */
import { readFileSync, statSync } from 'node:fs';
import { instrumentId, ticksInWindow, type PremiumTicks } from '../../app/runtime/premium-ticks.js';
import { recordingPath } from './recording-files.js';
import { decodeRecording, type Recording } from './recording-reader.js';

export function recordedPremium(dir: string): PremiumTicks {
  // A trader looks at several trades of one day in a row: the decoded day is kept until its file changes.
  let kept: { path: string; size: number; mtimeMs: number; rec: Recording } | null = null;
  return {
    around(symbol, date, fromTs, toTs) {
      const path = recordingPath(dir, date);
      let size: number;
      let mtimeMs: number;
      try {
        ({ size, mtimeMs } = statSync(path));
      } catch {
        return { unavailable: `no recording of ${date} in ${dir}` };
      }
      if (kept === null || kept.path !== path || kept.size !== size || kept.mtimeMs !== mtimeMs) {
        try {
          kept = { path, size, mtimeMs, rec: decodeRecording(readFileSync(path), path, true) };
        } catch (e) {
          return { unavailable: `the recording ${path} could not be read: ${(e as Error).message}` };
        }
      }
      const rec = kept.rec;
      const id = instrumentId(rec.universe, symbol);
      if (id === undefined) return { unavailable: `the recording ${path} has no instrument ${symbol}` };
      const cols = rec.columns[0];
      const found = cols === undefined ? { ts: [], price: [] } : ticksInWindow(cols, id, fromTs, toTs);
      return { source: `the recording ${path}${rec.truncated ? ' (its torn tail left out)' : ''}`, ...found };
    },
  };
}
