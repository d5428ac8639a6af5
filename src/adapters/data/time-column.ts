/** Reads a row's time (ts_ms epoch ms; ts epoch ms or ISO-8601), checks rows are in time order, and collects the UTC offsets ISO times state. */
import { wholeAt } from './byte-numbers.js';
import type { CsvCursor } from './csv-cursor.js';
import { parseIsoAt, type IsoTime } from './iso-time.js';

/** Before 1973-03-03 in ms: smaller values are almost surely epoch seconds. */
const MIN_EPOCH_MS = 100_000_000_000;

/** Exchange UTC offsets written in ISO times (a `ts` column or `time_et`): the first, and the first different one. */
export class OffsetTracker {
  first = Number.NaN;
  other = Number.NaN;
  otherLine = 0;

  /** Z and +00:00 are ignored: they mark times written in UTC, not the exchange's own offset. */
  note(offsetMin: number, line: number): void {
    if (offsetMin !== offsetMin || offsetMin === 0) return;
    if (this.first !== this.first) this.first = offsetMin;
    else if (offsetMin !== this.first && this.other !== this.other) {
      this.other = offsetMin;
      this.otherLine = line;
    }
  }
}

export class TimeColumn {
  /** True when some ISO time had no offset: those values are exchange-local wall time and need the offset subtracted. */
  naive = false;
  readonly offsets = new OffsetTracker();
  private absolute = false;
  private prev = Number.NEGATIVE_INFINITY;
  private prevLine = 0;
  private readonly iso: IsoTime = { ms: 0, offsetMin: 0 };

  /** `isoAllowed`: the `ts` column (epoch ms or ISO); `ts_ms` is epoch ms only. */
  constructor(
    private readonly cursor: CsvCursor,
    readonly col: number,
    private readonly isoAllowed: boolean,
  ) {}

  /** The current row's time; throws naming the line when it is missing, malformed or earlier than the previous row's. */
  read(): number {
    const c = this.cursor;
    const s = c.starts[this.col]!;
    const e = c.ends[this.col]!;
    let ts: number;
    if (this.isoAllowed && e - s >= 16 && c.bytes[s + 4] === 45) {
      ts = this.readIso(s, e);
    } else {
      ts = wholeAt(c.bytes, s, e);
      if (!(ts >= MIN_EPOCH_MS)) ts = this.slowMs();
      if (this.naive) this.mixed();
      this.absolute = true;
    }
    if (ts < this.prev) {
      c.failLine(`timestamps are not sorted: ${c.text(this.col)} is earlier than the time on line ${this.prevLine}; rows must be in time order`);
    }
    this.prev = ts;
    this.prevLine = c.line;
    return ts;
  }

  private readIso(s: number, e: number): number {
    const c = this.cursor;
    if (!parseIsoAt(c.bytes, s, e, this.iso)) c.fail(this.col, `"${c.text(this.col)}" is not an ISO-8601 time (YYYY-MM-DDTHH:MM:SS[.sss][Z|±HH:MM])`);
    if (this.iso.offsetMin !== this.iso.offsetMin) {
      if (this.absolute) this.mixed();
      this.naive = true;
    } else {
      if (this.naive) this.mixed();
      this.absolute = true;
      this.offsets.note(this.iso.offsetMin, c.line);
    }
    return this.iso.ms;
  }

  private slowMs(): number {
    const c = this.cursor;
    const ts = c.whole(this.col);
    if (ts !== ts) c.fail(this.col, 'time is missing');
    if (ts < MIN_EPOCH_MS) c.fail(this.col, `${ts} is not epoch milliseconds (epoch seconds? multiply by 1000)${this.isoAllowed ? ' or an ISO-8601 time' : ''}`);
    return ts;
  }

  private mixed(): never {
    return this.cursor.fail(this.col, 'mixes ISO times without a UTC offset (exchange local) with absolute times (epoch ms or ISO with an offset)');
  }
}

/** Reads only the UTC offset of an ISO time column such as `time_et` (empty or offset-free values are skipped). */
export function noteIsoOffset(cursor: CsvCursor, col: number, tracker: OffsetTracker, scratch: IsoTime): void {
  const s = cursor.starts[col]!;
  const e = cursor.ends[col]!;
  if (s === e) return;
  if (!parseIsoAt(cursor.bytes, s, e, scratch)) cursor.fail(col, `"${cursor.text(col)}" is not an ISO-8601 time`);
  tracker.note(scratch.offsetMin, cursor.line);
}
