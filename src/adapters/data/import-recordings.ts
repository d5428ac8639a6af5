/** Import of a loadable CSV/NDJSON/panel/bar file (with synthetic options if asked) as binary recordings, one per date: written aside, then placed without ever overwriting, and nothing half-written left behind. */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MutableTick } from '../../core/model/tick.js';
import { readRow } from '../../sim/market/tick-columns.js';
import { recordingPath } from '../recorder/recording-files.js';
import { TickRecorder } from '../recorder/tick-recorder.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';
import { loadDataset } from './load-dataset.js';
import { encodeMeta, metaPathOf } from './recording-meta.js';

export interface ImportArgs {
  /** A file loadDataset reads (CSV, CSV.gz, NDJSON; ticks, bars or a CE/PE panel). */
  readonly input: string;
  /** Directory of the recordings; created when missing. */
  readonly output: string;
  readonly options: DatasetOptions;
}

export interface ImportResult {
  /** The `.ticks` files written, one per date, ascending (each with a `.meta.json` sidecar). */
  readonly files: string[];
  readonly ticks: number;
}

/** Places `from` at `to` only if `to` does not exist (a hard link cannot clobber), falling back to a checked rename. */
function placeNew(from: string, to: string): void {
  try {
    linkSync(from, to);
    unlinkSync(from);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new DataInputError(`${to}: already exists; import never overwrites a recording (move it away or choose another output directory)`);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
    if (existsSync(to)) throw new DataInputError(`${to}: already exists; import never overwrites a recording (move it away or choose another output directory)`);
    renameSync(from, to);
  }
}

/**
 * Loads `input`, records its ticks with TickRecorder into a temporary directory inside `output`, then
 * moves each finished file into place. Existing files are refused before anything is written; on any
 * failure the files placed by this run and the temporary directory are removed, so nothing half-written
 * is left behind.
 */
export async function runImport(args: ImportArgs): Promise<ImportResult> {
  const ds = loadDataset(args.input, args.options);
  const targets = ds.dates.map((date) => recordingPath(args.output, date));
  for (const path of targets.flatMap((p) => [p, metaPathOf(p)])) {
    if (existsSync(path)) throw new DataInputError(`${path}: already exists; import never overwrites a recording (move it away or choose another output directory)`);
  }
  const created = !existsSync(args.output);
  let tmp: string;
  try {
    mkdirSync(args.output, { recursive: true });
    tmp = mkdtempSync(join(args.output, '.import-'));
  } catch (e) {
    throw new DataInputError(`${args.output}: cannot write to the output directory: ${(e as Error).message}`);
  }
  const placed: string[] = [];
  try {
    let failure: Error | undefined;
    const recorder = new TickRecorder({ dir: tmp, universe: ds.universe, utcOffsetMin: ds.profile.utcOffsetMin, onError: (e) => (failure ??= e) });
    const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    let ticks = 0;
    for (const day of ds.days) {
      for (let i = 0; i < day.length; i++) recorder.record(readRow(day, i, tick));
      ticks += day.length;
    }
    await recorder.close().catch((e: unknown) => (failure ??= e as Error));
    if (failure !== undefined) throw new DataInputError(`${args.output}: writing the recordings failed: ${failure.message}`);
    for (const [d, date] of ds.dates.entries()) {
      const meta = encodeMeta({
        format: 'scalper-recording-meta',
        version: 1,
        source: ds.name,
        description: ds.description,
        synthetic: ds.synthetic,
        sourceHash: ds.dataHash,
        profile: ds.profile,
      });
      const tmpTicks = recordingPath(tmp, date);
      writeFileSync(metaPathOf(tmpTicks), meta);
      const target = targets[d]!;
      placeNew(metaPathOf(tmpTicks), metaPathOf(target));
      placed.push(metaPathOf(target));
      placeNew(tmpTicks, target);
      placed.push(target);
    }
    return { files: targets, ticks };
  } catch (e) {
    for (const path of placed) rmSync(path, { force: true });
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    if (created && readdirSync(args.output).length === 0) rmSync(args.output, { recursive: true, force: true });
  }
}
