/** A CSV row cursor over raw bytes: finds each line with memchr, splits fields by hand (quotes allowed), parses numbers in place; errors name file, line and column. */
import { microAt, microOf, wholeAt } from './byte-numbers.js';
import { DataInputError } from './data-input-error.js';

const NL = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;

/** Header names: trimmed, unquoted, lower-cased; a UTF-8 byte-order mark is dropped. */
function headerNames(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((name) => name.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase());
}

export class CsvCursor {
  readonly file: string;
  readonly bytes: Buffer;
  readonly header: readonly string[];
  /** Line of the header (1-based, as the user counts). */
  readonly headerLine: number;
  /** Line of the current row. */
  line: number;
  /** Field bounds of the current row: bytes[starts[c], ends[c]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private pos: number;

  /**
   * `lineShift` and `headerLineAs` map line numbers to the user's file: NDJSON converted to CSV has a
   * synthetic header line (shift -1) that stands for the line of the first object.
   */
  constructor(bytes: Buffer, file: string, lineShift = 0, headerLineAs?: number) {
    this.file = file;
    this.bytes = bytes;
    this.pos = 0;
    this.line = lineShift;
    let headerText: string | undefined;
    while (this.pos < bytes.length) {
      const [s, e] = this.nextLine();
      const text = bytes.toString('utf8', s, e);
      if (text.replace(/^\uFEFF/, '').trim() !== '') {
        headerText = text;
        break;
      }
    }
    if (headerText === undefined) throw new DataInputError(`${file}: file is empty`);
    this.headerLine = headerLineAs ?? this.line;
    this.header = headerNames(headerText);
    this.starts = new Int32Array(this.header.length);
    this.ends = new Int32Array(this.header.length);
  }

  /** Upper bound of the rows left (lines, blank ones included), for sizing output arrays once. */
  remainingLines(): number {
    let n = 0;
    let at = this.pos;
    const b = this.bytes;
    while (at < b.length) {
      const nl = b.indexOf(NL, at);
      n++;
      if (nl < 0) break;
      at = nl + 1;
    }
    return n;
  }

  /** Column index of the first of `names` present in the header, or -1. */
  column(...names: string[]): number {
    for (const name of names) {
      const i = this.header.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  }

  private nextLine(): [number, number] {
    const b = this.bytes;
    const start = this.pos;
    let end = b.indexOf(NL, start);
    if (end < 0) end = b.length;
    this.pos = end + 1;
    this.line++;
    if (end > start && b[end - 1] === CR) end--;
    return [start, end];
  }

  /**
   * Advances to the next non-blank row and splits it; false at the end of the file. One pass over the
   * bytes finds both the commas and the line end (no per-line search, no allocation).
   */
  next(): boolean {
    const b = this.bytes;
    const len = b.length;
    const starts = this.starts;
    const ends = this.ends;
    const n = starts.length;
    let i = this.pos;
    while (i < len) {
      this.line++;
      const lineStart = i;
      let col = 0;
      let fs = i;
      let qs = -1;
      let qe = -1;
      for (;;) {
        const c = i < len ? b[i]! : NL;
        if (c === COMMA || c === NL) {
          let fe = i;
          if (c === NL && fe > fs && b[fe - 1] === CR) fe--;
          if (qe >= 0) {
            if (fe !== qe + 1) this.failLine(`column ${col + 1}: text after the closing quote`);
            fs = qs;
            fe = qe;
            qe = -1;
          }
          if (col < n) {
            starts[col] = fs;
            ends[col] = fe;
          }
          col++;
          if (c === NL) break;
          fs = ++i;
        } else if (c === QUOTE && i === fs) {
          let j = i + 1;
          while (j < len && !(b[j] === QUOTE && b[j + 1] !== QUOTE)) j += b[j] === QUOTE ? 2 : 1;
          if (j >= len) this.failLine(`column ${col + 1}: quote not closed`);
          qs = i + 1;
          qe = j;
          i = j + 1;
        } else {
          i++;
        }
      }
      this.pos = i + 1;
      if (col === 1 && this.isBlank(lineStart, ends[0]!)) {
        i = this.pos;
        continue;
      }
      if (col !== n) this.failLine(`found ${col} fields, the header has ${n}`);
      return true;
    }
    this.pos = len;
    return false;
  }

  private isBlank(s: number, e: number): boolean {
    const b = this.bytes;
    for (let k = s; k < e; k++) if (b[k] !== 32 && b[k] !== 9 && b[k] !== CR) return false;
    return true;
  }

  isEmpty(col: number): boolean {
    return this.starts[col] === this.ends[col];
  }

  /** The field as text (trimmed). */
  text(col: number): string {
    return this.bytes.toString('utf8', this.starts[col], this.ends[col]).trim();
  }

  /** The field as exact micro-units (value × 10^6), NaN when empty; a field that is not a number is an error. */
  micro(col: number): number {
    const s = this.starts[col]!;
    const e = this.ends[col]!;
    if (s === e) return Number.NaN;
    const v = microAt(this.bytes, s, e);
    return v === v ? v : this.slowMicro(col);
  }

  private slowMicro(col: number): number {
    const t = this.text(col);
    if (t === '') return Number.NaN;
    const v = microOf(Number(t));
    if (Number.isNaN(v)) this.fail(col, `"${t}" is not a number`);
    return v;
  }

  /** The field as a whole number ≥ 0 (quantities, epoch ms), NaN when empty. */
  whole(col: number): number {
    const s = this.starts[col]!;
    const e = this.ends[col]!;
    if (s === e) return Number.NaN;
    const v = wholeAt(this.bytes, s, e);
    if (v === v) return v;
    const t = this.text(col);
    if (t === '') return Number.NaN;
    const n = Number(t);
    if (!Number.isFinite(n)) this.fail(col, `"${t}" is not a number`);
    if (!Number.isSafeInteger(n) || n < 0) this.fail(col, `"${t}" must be a whole number ≥ 0`);
    return n;
  }

  /** Throws naming the current line, the column (1-based) and its header name. */
  fail(col: number, rule: string): never {
    throw new DataInputError(`${this.file}:${this.line}: column ${col + 1} (${this.header[col] ?? '?'}): ${rule}`);
  }

  failLine(rule: string): never {
    throw new DataInputError(`${this.file}:${this.line}: ${rule}`);
  }
}
