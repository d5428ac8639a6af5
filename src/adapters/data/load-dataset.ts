/** loadDataset: reads a file or a directory of recordings into a ReplayDataset, detecting the format by content. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ReplayDataset } from '../../backtest/dataset.js';
import { FILE_MAGIC } from '../recorder/recording-format.js';
import { barDataset } from './bar-dataset.js';
import type { BuiltDataset } from './built-dataset.js';
import { CsvCursor } from './csv-cursor.js';
import { DataInputError } from './data-input-error.js';
import { datasetHash } from './dataset-hash.js';
import { validateDatasetOptions, type DatasetOptions } from './dataset-options.js';
import { ndjsonCursor } from './ndjson-table.js';
import { panelDataset } from './panel-dataset.js';
import { recordingDataset } from './recording-dataset.js';
import { textLayout } from './text-layout.js';
import { tickDataset } from './tick-dataset.js';

function startsWith(bytes: Uint8Array, magic: Uint8Array): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** The first byte that is not a byte-order mark or white space, or -1. */
function firstContentByte(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
  return i < bytes.length ? bytes[i]! : -1;
}

function readSource(path: string): { isDir: boolean; bytes: Buffer } {
  try {
    if (statSync(path).isDirectory()) return { isDir: true, bytes: Buffer.alloc(0) };
    return { isDir: false, bytes: readFileSync(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataInputError(`${path}: no such file or directory`);
    throw new DataInputError(`${path}: cannot read: ${(e as Error).message}`);
  }
}

function finish(path: string, built: BuiltDataset, sources: readonly Uint8Array[], options: DatasetOptions): ReplayDataset {
  const { settings, ...rest } = built;
  return { name: basename(path), ...rest, dataHash: datasetHash(sources, { options, settings }) };
}

/**
 * Loads `path` with `options` (see DatasetOptions). Detection: a directory of recordings; a binary
 * recording by its magic bytes; gzip by its magic (then the content again); NDJSON by a leading `{`;
 * otherwise CSV whose header says ticks, bars or a CE/PE panel (docs/data-import.md). Every user error
 * is a DataInputError naming the file, line or option and the rule.
 */
export function loadDataset(path: string, options: DatasetOptions = {}): ReplayDataset {
  const opts = validateDatasetOptions(options);
  const { isDir, bytes } = readSource(path);
  if (isDir) {
    const r = recordingDataset(path, true, undefined, opts);
    return finish(path, r.built, r.sources, opts);
  }
  if (bytes.length === 0) throw new DataInputError(`${path}: file is empty`);
  if (startsWith(bytes, FILE_MAGIC)) {
    const r = recordingDataset(path, false, bytes, opts);
    return finish(path, r.built, r.sources, opts);
  }
  let text = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = gunzipSync(bytes);
    } catch (e) {
      throw new DataInputError(`${path}: starts like gzip but cannot be decompressed: ${(e as Error).message}`);
    }
  }
  if (text !== bytes && startsWith(text, FILE_MAGIC)) {
    const r = recordingDataset(path, false, text, opts);
    return finish(path, r.built, [bytes], opts);
  }
  const first = firstContentByte(text);
  if (first < 0) throw new DataInputError(`${path}: file is empty`);
  const cursor = first === 0x7b ? ndjsonCursor(text.toString('utf8'), path) : new CsvCursor(text, path);
  const layout = textLayout(cursor.header, opts.columns, `${path}:${cursor.headerLine}`);
  let built: BuiltDataset;
  switch (layout.kind) {
    case 'ticks':
      built = tickDataset(path, cursor, layout, opts);
      break;
    case 'bars':
      built = barDataset(path, cursor, layout, opts);
      break;
    case 'panel':
      built = panelDataset(path, cursor, layout, opts);
      break;
  }
  return finish(path, built, [bytes], opts);
}
