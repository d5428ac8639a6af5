/** Where recordings live: the file of a trading date and the dates recorded in a directory. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RECORDING_FILE_PATTERN, recordingFileName } from './recording-format.js';

/** `<dir>/<YYYY-MM-DD>.ticks`. */
export function recordingPath(dir: string, date: string): string {
  return join(dir, recordingFileName(date));
}

/** Trading dates with a recording in `dir`, ascending; none when the directory does not exist. */
export function listRecordings(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const dates: string[] = [];
  for (const name of names) {
    const m = RECORDING_FILE_PATTERN.exec(name);
    if (m?.[1] !== undefined) dates.push(m[1]);
  }
  return dates.sort();
}
