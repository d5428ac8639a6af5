/** Entry locks: no new entry (or averaging add) on a side or an option symbol, or at all, until a time. */
import type { Side } from '../model/events.js';

/** `target` is `*` (every entry), `CE` or `PE` (that side), or an option symbol. */
export interface EntryLock {
  readonly id: string;
  readonly target: string;
  /** Tick time (epoch ms) the lock ends at; entries at or after it are free again. */
  readonly until: number;
  readonly reason: string;
}

/** The first lock in force at `ts` that covers an entry on `side` in `symbol`, or null. */
export function lockFor(locks: readonly EntryLock[], side: Side, symbol: string, ts: number): EntryLock | null {
  for (const l of locks) {
    if (ts < l.until && (l.target === '*' || l.target === side || l.target === symbol)) return l;
  }
  return null;
}
