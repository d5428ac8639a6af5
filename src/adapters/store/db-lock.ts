/** One engine per database directory: a lock file naming the holder's pid, taken over when that process is gone. */
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file's name inside the database directory. */
export const LOCK_FILE = 'engine.lock';

interface LockHolder {
  readonly pid: number;
  readonly startedAt: string;
  readonly host: string;
}

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** The holder written in `text`, or undefined when it is not a lock this module wrote. */
function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder> | null;
    if (v === null || typeof v !== 'object') return undefined;
    if (!Number.isSafeInteger(v.pid) || (v.pid as number) <= 0) return undefined;
    if (typeof v.startedAt !== 'string' || typeof v.host !== 'string') return undefined;
    return { pid: v.pid as number, startedAt: v.startedAt, host: v.host };
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) !== 'ESRCH';
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Moves away the stale lock whose text is `stale`. Rename is atomic, so of several processes taking over
 * the same stale lock one moves it; one that moved a newer, live lock instead puts it back.
 */
function removeStale(path: string, stale: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw e;
  }
  if (readOrUndefined(aside) !== stale) {
    try {
      linkSync(aside, path);
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e;
    }
  }
  unlinkSync(aside);
}

/**
 * Creates `path` holding `text` unless it exists. The text is written to a private file first and then
 * hard-linked into place (exclusive, like `wx`), so no other process ever reads a half-written lock.
 */
function createExclusive(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Takes the lock of database directory `dir` (creating the directory if needed) or throws naming the
 * engine that holds it. A lock left by a process that no longer exists, or an unreadable lock file, is
 * taken over, so a crash never leaves the directory locked. `release()` removes the file only while it
 * is still ours.
 */
export function acquireDbDirLock(dir: string): { release(): void } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const host = hostname();
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), host } satisfies LockHolder);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, mine)) {
      return {
        release(): void {
          if (readOrUndefined(path) === mine) unlinkSync(path);
        },
      };
    }
    const text = readOrUndefined(path);
    if (text === undefined) continue;
    const holder = parseHolder(text);
    if (holder !== undefined && holder.host !== host) {
      throw new Error(
        `database directory ${dir} is in use by another scalper engine (pid ${holder.pid} on host ${holder.host}, started ${holder.startedAt}); ` +
          `its liveness cannot be checked from ${host}: if it is not running, delete ${path}`,
      );
    }
    if (holder !== undefined && isAlive(holder.pid)) {
      throw new Error(
        `database directory ${dir} is in use by another scalper engine (pid ${holder.pid}, started ${holder.startedAt}); ` +
          `stop it first, or, if that pid is not a scalper engine, delete ${path}`,
      );
    }
    removeStale(path, text);
  }
  throw new Error(`database directory ${dir}: could not take the lock ${path} (other processes keep taking it)`);
}
