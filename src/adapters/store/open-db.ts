/** Opens a SQLite database file with the project's pragmas (WAL, foreign keys, busy timeout) and migrates it. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { findPackageRoot } from '../rate-cards.js';
import { migrate } from './migrate.js';

/** Which schema a database file holds: a trade book (auto or manual) or the control database. */
export type DbKind = 'book' | 'control';

/** How long a connection waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** db/migrations/<kind> under the package root. */
export function migrationsDir(kind: DbKind): string {
  return join(findPackageRoot(), 'db', 'migrations', kind);
}

/** Opens (creating the file and its directory if needed) with the pragmas every connection uses; no migrations. */
export function openSqlite(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && path !== ':memory:') throw new Error(`${path}: could not switch to WAL journal mode (got ${String(mode)})`);
    // WAL + NORMAL syncs at checkpoints, not at every commit: a committed transaction survives a crash of
    // the process (what the runtime must withstand), while a power loss or OS crash may lose the last few
    // transactions but never corrupts the file. FULL would fsync on every batch commit for no gain there.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Opens `path` and applies the package's db/migrations/<kind>; fails (closing the file) if its history does not match them. */
export function openDb(path: string, kind: DbKind): Database.Database {
  const db = openSqlite(path);
  try {
    migrate(db, migrationsDir(kind));
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
