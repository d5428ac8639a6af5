/** `scalper import`: converts a loadable CSV/NDJSON/panel/bar file (with synthetic options if asked) into binary recordings, one per date, never overwriting. */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataInputError } from '../adapters/data/data-input-error.js';
import type { DatasetOptions } from '../adapters/data/dataset-options.js';
import { loadDataset } from '../adapters/data/load-dataset.js';
import { encodeMeta, metaPathOf } from '../adapters/data/recording-meta.js';
import { recordingPath } from '../adapters/recorder/recording-files.js';
import { TickRecorder } from '../adapters/recorder/tick-recorder.js';
import type { MutableTick } from '../core/model/tick.js';
import { readRow } from '../sim/market/tick-columns.js';
import { parseDatasetFlags } from '../adapters/data/dataset-flags.js';
import { parseFlags } from './args.js';
import { DATA_FLAGS, dataFlags } from './datasets.js';
import { usageError } from './errors.js';
import type { CliIo } from './io.js';

// Re-exported so every command taking the data flags (import, backtest --data) finds the parser beside runImport.
export { parseDatasetFlags, type DatasetFlags } from '../adapters/data/dataset-flags.js';

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

/** `scalper import INPUT --out DIR [data flags] [--json]`. */
export async function runImportCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseFlags(argv, { out: { type: 'string' }, json: { type: 'boolean' }, ...DATA_FLAGS }, true);
  const input = positionals[0];
  if (input === undefined || positionals.length > 1) throw usageError('INPUT', 'give one input file (CSV, NDJSON, panel or bars)', 'run `scalper import --help`');
  if (values.out === undefined || values.out.trim() === '') throw usageError('--out', 'is required: the directory for the recordings');
  const out = await runImport({ input, output: values.out, options: parseDatasetFlags(dataFlags(values)) });
  io.stdout.write(values.json === true ? `${JSON.stringify(out)}\n` : `imported ${out.ticks.toLocaleString('en-US')} ticks into ${out.files.join(', ')}\n`);
}
