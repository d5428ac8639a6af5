/** `scalper import`: converts a loadable CSV/NDJSON/panel/bar file (with synthetic options if asked) into binary recordings, one per date, never overwriting (src/adapters/data/import-recordings.ts does the work). */
import { parseDatasetFlags } from '../adapters/data/dataset-flags.js';
import { runImport } from '../adapters/data/import-recordings.js';
import { parseFlags } from './args.js';
import { DATA_FLAGS, dataFlags } from './datasets.js';
import { usageError } from './errors.js';
import type { CliIo } from './io.js';

/** `scalper import INPUT --out DIR [data flags] [--json]`. */
export async function runImportCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseFlags(argv, { out: { type: 'string' }, json: { type: 'boolean' }, ...DATA_FLAGS }, true);
  const input = positionals[0];
  if (input === undefined || positionals.length > 1) throw usageError('INPUT', 'give one input file (CSV, NDJSON, panel or bars)', 'run `scalper import --help`');
  if (values.out === undefined || values.out.trim() === '') throw usageError('--out', 'is required: the directory for the recordings');
  const out = await runImport({ input, output: values.out, options: parseDatasetFlags(dataFlags(values)) });
  io.stdout.write(values.json === true ? `${JSON.stringify(out)}\n` : `imported ${out.ticks.toLocaleString('en-US')} ticks into ${out.files.join(', ')}\n`);
}
