/** Opens a SQLite database file with the project's pragmas (WAL, foreign keys, busy timeout) and migrates it, or read-only for queries. */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { findPackageRoot } from '../rate-cards.js';
import { asDatabaseFileError } from './db-file-errors.js';
import { migrate, MigrationError, pendingMigrations } from './migrate.js';

/** Which schema a database file holds: a trade book (auto or manual) or the control database. */
export type DbKind = 'book' | 'control';

/** How long a connection waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** db/migrations/<kind> under the package root. */
export function migrationsDir(kind: DbKind): string {
  return join(findPackageRoot(), 'db', 'migrations', kind);
}

/**
 * Opens (creating the file and its directory if needed) with the pragmas every connection uses; no
 * migrations. A corrupt, read-only or full file fails with a DatabaseFileError naming it and the remedy.
 */
export function openSqlite(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      // SQLite opens a write-protected file read-only without saying so, and fails only at the first write;
      // a writer must know at once. WAL also needs to create files next to it.
      for (const p of existsSync(path) ? [path, dirname(path)] : [dirname(path)]) accessSync(p, constants.W_OK);
    }
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && path !== ':memory:') throw new Error(`${path}: could not switch to WAL journal mode (got ${String(mode)})`);
    // WAL + NORMAL syncs at checkpoints, not at every commit: a committed transaction survives a crash of
    // the process (what the runtime must withstand), while a power loss or OS crash may lose the last few
    // transactions but never corrupts the file. FULL would fsync on every batch commit for no gain there.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (e) {
    db?.close();
    throw asDatabaseFileError(path, e);
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
    throw asDatabaseFileError(path, e);
  }
  return db;
}

/**
 * Opens an existing `path` read-only for queries: nothing is written (not even a migration), so a
 * write-protected book can be read, and a reader never takes the engine's write lock. A database that
 * is missing yet opens as an empty, migrated in-memory one. Refuses a file that still needs migrations.
 */
export function openDbReadOnly(path: string, kind: DbKind): Database.Database {
  if (!existsSync(path)) return openDb(':memory:', kind);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const pending = pendingMigrations(db, migrationsDir(kind));
    if (pending.length > 0) {
      throw new MigrationError(
        `${path}: ${pending.length} migration(s) not applied yet (${pending.map((m) => m.name).join(', ')}); it is opened read-only here, so run \`scalper serve\` on it once to bring it up to date`,
      );
    }
  } catch (e) {
    db?.close();
    throw asDatabaseFileError(path, e);
  }
  return db;
}
