/** A CSV row cursor over raw bytes (held whole, or a file read block by block): splits fields by hand (quotes allowed), parses numbers in place; errors name file, line and column. */
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

/** The rest of a file after the bytes a cursor starts with (a FileReader). */
export interface MoreBytes {
  /** Reads the next bytes into `into` from `offset` to its end (less at the end of the file); returns how many. */
  read(into: Uint8Array, offset: number): number;
  /** Newlines in the bytes not read yet. */
  newlinesAhead(): number;
  /** Bytes not read yet. */
  bytesAhead(): number;
}

export class CsvCursor {
  readonly file: string;
  /** The bytes in memory: field bounds index them; when the file is read in blocks they change only inside next(). */
  bytes: Buffer;
  readonly header: readonly string[];
  /** Line of the header (1-based, as the user counts). */
  readonly headerLine: number;
  /** Line of the current row. */
  line: number;
  /** Field bounds of the current row: bytes[starts[c], ends[c]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private pos: number;
  /** Where the bytes after `bytes` come from; undefined once the end of the file is in memory. */
  private more: MoreBytes | undefined;
  /** The buffer `bytes` lies in, reused for each block. */
  private store: Buffer;

  /**
   * `lineShift` and `headerLineAs` map line numbers to the user's file: NDJSON converted to CSV has a
   * synthetic header line (shift -1) that stands for the line of the first object. With `more`, `bytes`
   * is the file's first block, and its buffer is reused for the blocks after it.
   */
  constructor(bytes: Buffer, file: string, lineShift = 0, headerLineAs?: number, more?: MoreBytes) {
    this.file = file;
    this.bytes = bytes;
    this.more = more;
    this.store = bytes;
    this.pos = 0;
    this.line = lineShift;
    let headerText: string | undefined;
    while (this.pos < this.bytes.length || this.more !== undefined) {
      const [s, e] = this.nextLine();
      const text = this.bytes.toString('utf8', s, e);
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

  /** Lines in the bytes in memory from the current position. */
  private linesInMemory(): number {
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

  /** Upper bound of the rows left (lines, blank ones included), for sizing output arrays once (counts the lines not read yet: a second read of the file). */
  remainingLines(): number {
    const n = this.linesInMemory();
    return this.more === undefined ? n : n + 1 + this.more.newlinesAhead();
  }

  /**
   * The rows left as `remainingLines` counts them when the rest of the file is in memory; otherwise an
   * estimate, without reading ahead: the lines in memory scaled to the bytes not read yet, plus a tenth.
   * A caller sizing arrays by it grows them when a file's later lines are shorter than its first.
   */
  estimatedLines(): number {
    const n = this.linesInMemory();
    if (this.more === undefined) return n;
    const inMemory = Math.max(1, this.bytes.length - this.pos);
    return n + 16 + Math.ceil(((this.more.bytesAhead() * Math.max(1, n)) / inMemory) * 1.1);
  }

  /** Column index of the first of `names` present in the header, or -1. */
  column(...names: string[]): number {
    for (const name of names) {
      const i = this.header.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  }

  /**
   * Keeps the bytes from `pos` on (a line not yet complete), moved to the front, and reads more after
   * them; a line longer than half the buffer doubles it. Without more to read, it only notes the end.
   */
  private refill(): void {
    const more = this.more;
    if (more === undefined) return;
    const keep = this.bytes.length - this.pos;
    const store = keep * 2 > this.store.length ? Buffer.allocUnsafeSlow(this.store.length * 2) : this.store;
    this.bytes.copy(store, 0, this.pos);
    const n = more.read(store, keep);
    if (keep + n < store.length) this.more = undefined;
    this.store = store;
    this.bytes = store.subarray(0, keep + n);
    this.pos = 0;
  }

  private nextLine(): [number, number] {
    let end = this.bytes.indexOf(NL, this.pos);
    while (end < 0 && this.more !== undefined) {
      this.refill();
      end = this.bytes.indexOf(NL, this.pos);
    }
    const b = this.bytes;
    const start = this.pos;
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
    for (;;) {
      const row = this.scan();
      if (row !== undefined) return row;
      this.refill();
    }
  }

  /** `next` over the bytes in memory; undefined when they end inside a line and more can be read (`pos` is then at that line). */
  private scan(): boolean | undefined {
    const b = this.bytes;
    const len = b.length;
    // What lies past the bytes in memory: the end of the file (it ends the last line), or -1 when more can be read.
    const past = this.more === undefined ? NL : -1;
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
        const c = i < len ? b[i]! : past;
        // Digits, letters, '.' and '-' lie above every byte with a meaning here (',' '"' LF CR), so most bytes stop at one compare.
        if (c > COMMA) {
          i++;
          continue;
        }
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
          // A quote as the last byte in memory may still be the first of a doubled one.
          if (past < 0 && j >= len - 1) return this.partial(lineStart);
          if (j >= len) this.failLine(`column ${col + 1}: quote not closed`);
          qs = i + 1;
          qe = j;
          i = j + 1;
        } else if (c < 0) {
          return this.partial(lineStart);
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
    return past < 0 ? undefined : false;
  }

  /** Leaves the line at `start` to be read again once more bytes are in. */
  private partial(start: number): undefined {
    this.line--;
    this.pos = start;
    return undefined;
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
