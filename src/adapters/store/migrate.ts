/** Applies the append-only SQL migrations of a directory in order and refuses a database whose history is not a prefix of them. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/** A migration file on disk. */
export interface MigrationFile {
  /** The number NNNN of `NNNN_name.sql`. */
  readonly id: number;
  /** The file name, e.g. `0001_init.sql`. */
  readonly name: string;
  readonly sha256: string;
  readonly sql: string;
}

/** A row of `schema_migrations`. */
interface AppliedMigration {
  readonly id: number;
  readonly name: string;
  readonly sha256: string;
}

/** The database's migration history does not match the files: the program must not start on it. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE_NAME = /^(\d{4})_([a-z0-9][a-z0-9_]*)\.sql$/;

/** SHA-256 of a migration's text; CRLF is read as LF so that a Windows checkout does not look like an edit. */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** The `*.sql` files of `dir`, checked to be named `NNNN_name.sql` and numbered 1, 2, 3, … without gaps. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return names.map((name, index) => {
    const m = FILE_NAME.exec(name);
    if (m === null) throw new MigrationError(`${join(dir, name)}: a migration file must be named NNNN_name.sql (4 digits, then lowercase letters, digits and _)`);
    const id = Number(m[1]);
    if (id !== index + 1) throw new MigrationError(`${join(dir, name)}: migrations must be numbered 0001, 0002, … without gaps or repeats; expected ${String(index + 1).padStart(4, '0')} here`);
    const sql = readFileSync(join(dir, name), 'utf8');
    return { id, name, sha256: migrationChecksum(sql), sql };
  });
}

function hasHistoryTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
}

function appliedMigrations(db: Database.Database): AppliedMigration[] {
  if (!hasHistoryTable(db)) return [];
  return db.prepare<[], AppliedMigration>('SELECT id, name, sha256 FROM schema_migrations ORDER BY id').all();
}

/** Why `applied` (the row at position `index` of the history) does not match the files, or null when it does. */
function mismatch(applied: AppliedMigration, index: number, files: readonly MigrationFile[], dir: string): string | null {
  if (applied.id !== index + 1) {
    return `the applied migrations are not a prefix of ${dir}: migration ${String(index + 1).padStart(4, '0')} is missing from schema_migrations (the next recorded is ${applied.name})`;
  }
  const file = files[index];
  if (file === undefined) {
    return `migration ${applied.name} is recorded as applied but ${dir} does not have it (deleted, or the database was migrated by a newer version of the program)`;
  }
  if (file.name !== applied.name) {
    return `migration ${String(applied.id).padStart(4, '0')} was applied as ${applied.name} but is ${file.name} in ${dir}: an applied migration may not be renamed`;
  }
  if (file.sha256 !== applied.sha256) {
    return `migration ${file.name} in ${dir} was edited after it was applied (sha256 ${applied.sha256.slice(0, 12)}… applied, ${file.sha256.slice(0, 12)}… on disk): never edit an applied migration, add a new one`;
  }
  return null;
}

function refuse(db: Database.Database, why: string): never {
  throw new MigrationError(`${db.name}: ${why}. Migrations are append-only; the database was left unchanged.`);
}

/** Checks, without writing, that the applied history of `db` is a prefix of the files in `dir`; returns the files not applied yet. */
export function pendingMigrations(db: Database.Database, dir: string, files: readonly MigrationFile[] = readMigrationFiles(dir)): MigrationFile[] {
  const history = appliedMigrations(db);
  history.forEach((row, index) => {
    const why = mismatch(row, index, files, dir);
    if (why !== null) refuse(db, why);
  });
  return files.slice(history.length);
}

/**
 * Brings `db` up to the migrations in `dir`: first checks, without writing, that the applied history is a
 * prefix of the files (same ids, names and checksums); then applies each pending file in its own
 * transaction, recording it in `schema_migrations`. Returns the names applied now.
 */
export function migrate(db: Database.Database, dir: string, now: () => number = Date.now): string[] {
  const files = readMigrationFiles(dir);
  const appliedNow: string[] = [];
  // An up-to-date database is only read, so a reader opening it never waits for the engine's write lock.
  for (const file of pendingMigrations(db, dir, files)) {
    // IMMEDIATE takes the write lock before re-reading the history, so two processes opening the same new
    // database cannot both apply a migration: the second one finds it recorded and only verifies it.
    const applyOne = db.transaction(() => {
      if (!hasHistoryTable(db)) {
        db.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_ts INTEGER NOT NULL) STRICT');
      }
      const row = db.prepare<[number], AppliedMigration>('SELECT id, name, sha256 FROM schema_migrations WHERE id = ?').get(file.id);
      if (row !== undefined) {
        const why = mismatch(row, file.id - 1, files, dir);
        if (why !== null) refuse(db, why);
        return false;
      }
      db.exec(file.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, sha256, applied_ts) VALUES (?, ?, ?, ?)').run(file.id, file.name, file.sha256, now());
      return true;
    });
    let applied: boolean;
    try {
      applied = applyOne.immediate();
    } catch (e) {
      if (e instanceof MigrationError) throw e;
      throw new MigrationError(`${db.name}: migration ${join(dir, file.name)} failed and was rolled back: ${(e as Error).message}`, { cause: e });
    }
    if (applied) appliedNow.push(file.name);
  }
  return appliedNow;
}
