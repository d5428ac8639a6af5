/** Turns NDJSON (one object per line) into the CSV the table readers parse, keeping line numbers: the first object's keys become the header. */
import { CsvCursor } from './csv-cursor.js';
import { DataInputError } from './data-input-error.js';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') return value.replace(/[,"\r\n]/g, ' ');
  return 'NaN';
}

/** A CsvCursor over the NDJSON text: row k of the cursor is line k of the file. */
export function ndjsonCursor(text: string, file: string): CsvCursor {
  const lines = text.split('\n');
  let keys: string[] | undefined;
  let firstLine = 0;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') {
      out.push('');
      continue;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new DataInputError(`${file}:${i + 1}: not valid JSON: ${(e as Error).message}`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new DataInputError(`${file}:${i + 1}: each line must be one JSON object`);
    const record = obj as Record<string, unknown>;
    if (keys === undefined) {
      keys = Object.keys(record);
      firstLine = i + 1;
    }
    const lower = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
    out.push(keys.map((k) => cell(lower.get(k.toLowerCase()))).join(','));
  }
  if (keys === undefined) throw new DataInputError(`${file}: file is empty`);
  const header = keys.map((k) => k.replace(/[,"\r\n]/g, ' ')).join(',');
  return new CsvCursor(Buffer.from(`${header}\n${out.join('\n')}`, 'utf8'), file, -1, firstLine);
}
