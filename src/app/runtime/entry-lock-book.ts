/** The service's entry locks: who set each, why and until when; saved with the control state so they survive a restart. */
import type { EntryLock } from '../../core/risk/entry-locks.js';

export interface EntryLockRecord extends EntryLock {
  /** Who set it (the principal's name) and with which scope. */
  readonly by: string;
  readonly scope: string;
  /** Tick time it was set at. */
  readonly createdTs: number;
}

interface Saved {
  readonly seq: number;
  readonly locks: readonly EntryLockRecord[];
}

/** The control-state key the locks are saved under (JSON). */
export const ENTRY_LOCKS_KEY = 'agent.entryLocks';

export class EntryLockBook {
  private seq = 0;
  private locks: EntryLockRecord[] = [];

  /** Restores the saved list; a missing or unreadable value is an empty book (locks only ever restrict entries). */
  static fromJson(json: string | undefined): EntryLockBook {
    const book = new EntryLockBook();
    if (json === undefined) return book;
    try {
      const saved = JSON.parse(json) as Saved;
      book.seq = Number.isSafeInteger(saved.seq) ? saved.seq : 0;
      const locks: unknown = saved.locks;
      book.locks = Array.isArray(locks) ? locks.filter(isLockRecord) : [];
    } catch {
      // Unreadable: start empty rather than refuse to start; the audit log still has who set what.
    }
    return book;
  }

  toJson(): string {
    return JSON.stringify({ seq: this.seq, locks: this.locks } satisfies Saved);
  }

  add(lock: Omit<EntryLockRecord, 'id'>): EntryLockRecord {
    this.seq++;
    const record: EntryLockRecord = { id: `L${this.seq}`, ...lock };
    this.locks.push(record);
    return record;
  }

  /** Removes lock `id`; false when there is none. */
  remove(id: string): boolean {
    const before = this.locks.length;
    this.locks = this.locks.filter((l) => l.id !== id);
    return this.locks.length < before;
  }

  /** Locks still in force at tick time `ts` (expired ones are dropped from the book). */
  active(ts: number): readonly EntryLockRecord[] {
    this.locks = this.locks.filter((l) => l.until > ts);
    return this.locks;
  }
}

function isLockRecord(x: unknown): x is EntryLockRecord {
  const l = x as Partial<EntryLockRecord> | null;
  return typeof l === 'object' && l !== null && typeof l.id === 'string' && typeof l.target === 'string' && typeof l.until === 'number' && typeof l.reason === 'string' && typeof l.by === 'string';
}
