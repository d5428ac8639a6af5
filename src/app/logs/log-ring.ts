/** The daemon's recent log lines, kept in memory for `GET /api/v1/logs` (stderr stays the full record). */
import type { Logger, LogLevel } from '../../core/ports.js';
import { rupeeFields } from './log-fields.js';

export interface LogEntry {
  /** Increasing number of the line in this process: the paging cursor. */
  readonly seq: number;
  readonly ts: number;
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LogQuery {
  /** The least severe level returned. */
  readonly level: LogLevel;
  /** Only lines whose message or fields contain this text (case-insensitive). */
  readonly q?: string | undefined;
  /** Only lines after this sequence number. */
  readonly after?: number | undefined;
  /** At most this many, the newest. */
  readonly limit: number;
}

export class LogRing {
  private readonly entries: LogEntry[] = [];
  private seq = 0;

  constructor(
    private readonly capacity: number,
    private readonly now: () => number,
  ) {}

  /** A logger that writes to `inner` and keeps the line here. */
  tee(inner: Logger): Logger {
    return {
      log: (level, message, fields) => {
        inner.log(level, message, fields);
        this.add(level, message, fields);
      },
    };
  }

  add(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.seq++;
    this.entries.push({ seq: this.seq, ts: this.now(), level, message, fields: plainFields(fields) });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Matching lines, oldest first, the newest `limit` of them; and the cursor to ask for newer ones. */
  query(o: LogQuery): { entries: LogEntry[]; lastSeq: number; oldestSeq: number | null } {
    const min = LOG_LEVELS.indexOf(o.level);
    const needle = o.q?.toLowerCase();
    const hits = this.entries.filter(
      (e) =>
        LOG_LEVELS.indexOf(e.level) >= min &&
        (o.after === undefined || e.seq > o.after) &&
        (needle === undefined || e.message.toLowerCase().includes(needle) || JSON.stringify(e.fields).toLowerCase().includes(needle)),
    );
    return { entries: hits.slice(-o.limit), lastSeq: this.seq, oldestSeq: this.entries[0]?.seq ?? null };
  }
}

/** Rupees for money, and only what JSON can carry (an Error keeps its message): the API returns it as stored. */
function plainFields(fields: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  if (fields === undefined) return {};
  try {
    return JSON.parse(JSON.stringify(rupeeFields({ ...fields }), (_k, v: unknown) => (v instanceof Error ? v.message : v))) as Record<string, unknown>;
  } catch {
    return { unserialisable: true };
  }
}
