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
import { BLOCK_BYTES, FileReader } from './file-reader.js';
import { DatasetHash } from './dataset-hash.js';
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

/** Maps a failure to open or read `path` to the loader's error. */
function cannotRead(path: string, e: unknown): DataInputError {
  if (e instanceof DataInputError) return e;
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new DataInputError(`${path}: no such file or directory`);
  return new DataInputError(`${path}: cannot read: ${(e as Error).message}`);
}

function kindOf(path: string): 'directory' | 'file' | 'other' {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
  } catch (e) {
    throw cannotRead(path, e);
  }
}

/** A plain text file (not a recording, gzip or NDJSON) whose first block has content: parsed block by block. */
function isPlainText(head: Uint8Array): boolean {
  const first = firstContentByte(head);
  return first >= 0 && first !== 0x7b && !startsWith(head, FILE_MAGIC) && !(head[0] === 0x1f && head[1] === 0x8b);
}

function finish(path: string, built: BuiltDataset, hash: DatasetHash, options: DatasetOptions): ReplayDataset {
  const { settings, ...rest } = built;
  return { name: basename(path), ...rest, dataHash: hash.digest({ options, settings }) };
}

/**
 * Loads `path` with `options` (see DatasetOptions). Detection: a directory of recordings; a binary
 * recording by its magic bytes; gzip by its magic (then the content again); NDJSON by a leading `{`;
 * otherwise CSV whose header says ticks, bars or a CE/PE panel (docs/data-import.md). Every user error
 * is a DataInputError naming the file, line or option and the rule.
 */
export function loadDataset(path: string, options: DatasetOptions = {}): ReplayDataset {
  const opts = validateDatasetOptions(options);
  const hash = new DatasetHash();
  const kind = kindOf(path);
  if (kind === 'directory') return finish(path, recordingDataset(path, undefined, opts, hash), hash, opts);
  if (kind === 'other') {
    // A pipe or device has no size to read by: it is read whole, to its end.
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw cannotRead(path, e);
    }
    hash.add(bytes);
    return loadBytes(path, bytes, undefined, opts, hash);
  }
  let file: FileReader;
  try {
    file = new FileReader(path, hash);
  } catch (e) {
    throw cannotRead(path, e);
  }
  try {
    return loadFile(path, file, opts, hash);
  } finally {
    file.close();
  }
}

function loadFile(path: string, file: FileReader, opts: DatasetOptions, hash: DatasetHash): ReplayDataset {
  if (file.size === 0) throw new DataInputError(`${path}: file is empty`);
  // The first block decides the format; a large plain text file is then parsed block by block, anything else read whole.
  let bytes: Buffer;
  let streamed = false;
  try {
    bytes = Buffer.allocUnsafeSlow(Math.min(file.size, BLOCK_BYTES));
    file.read(bytes);
    if (file.size > bytes.length) {
      if (isPlainText(bytes)) streamed = true;
      else {
        const whole = Buffer.allocUnsafeSlow(file.size);
        bytes.copy(whole);
        file.read(whole, bytes.length);
        bytes = whole;
      }
    }
  } catch (e) {
    throw cannotRead(path, e);
  }
  if (streamed) return finishText(path, new CsvCursor(bytes, path, 0, undefined, file), file, opts, hash);
  return loadBytes(path, bytes, file, opts, hash);
}

/** A file held whole in memory (`file`, when given, has read it all). */
function loadBytes(path: string, bytes: Buffer, file: FileReader | undefined, opts: DatasetOptions, hash: DatasetHash): ReplayDataset {
  if (bytes.length === 0) throw new DataInputError(`${path}: file is empty`);
  if (startsWith(bytes, FILE_MAGIC)) return finish(path, recordingDataset(path, bytes, opts, hash), hash, opts);
  let text = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = gunzipSync(bytes);
    } catch (e) {
      throw new DataInputError(`${path}: starts like gzip but cannot be decompressed: ${(e as Error).message}`);
    }
  }
  if (text !== bytes && startsWith(text, FILE_MAGIC)) return finish(path, recordingDataset(path, text, opts, hash), hash, opts);
  const first = firstContentByte(text);
  if (first < 0) throw new DataInputError(`${path}: file is empty`);
  const cursor = first === 0x7b ? ndjsonCursor(text.toString('utf8'), path) : new CsvCursor(text, path);
  return finishText(path, cursor, file, opts, hash);
}

/** A text table's dataset by the layout its header names; the whole file is hashed once it is parsed. */
function finishText(path: string, cursor: CsvCursor, file: FileReader | undefined, opts: DatasetOptions, hash: DatasetHash): ReplayDataset {
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
  file?.finish();
  return finish(path, built, hash, opts);
}
