/** The database directory of a command: resolved from --db-dir, $SCALPER_DB_DIR or ./db and checked before anything is opened; created only by a command that writes. */
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { dbFiles, resolveDbDir, type DbFiles } from '../adapters/store/db-paths.js';
import { usageError } from './errors.js';

export interface DbDir {
  readonly dir: string;
  readonly files: DbFiles;
  /** Whether the directory already existed when the command started. */
  readonly existed: boolean;
}

/** The flag (or variable) that named the directory, for messages. */
const source = (flag: string | undefined): string => (flag !== undefined ? '--db-dir' : process.env.SCALPER_DB_DIR?.trim() ? 'SCALPER_DB_DIR' : '--db-dir');

/** Resolves and checks the directory (it may be missing, but must not be a file); opens and creates nothing. */
export function dbDirOf(flag: string | undefined): DbDir {
  const name = source(flag);
  if (flag !== undefined && flag.trim() === '') throw usageError('--db-dir', 'must be a directory path, got an empty string');
  const dir = resolveDbDir({ ...(flag === undefined ? {} : { flag }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  let kind: 'dir' | 'file' | 'missing';
  try {
    kind = statSync(dir).isDirectory() ? 'dir' : 'file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw usageError(name, `${dir}: a part of the path is a file, not a directory`);
    if (code !== 'ENOENT') throw usageError(name, `${dir} cannot be read (${code ?? (e as Error).message})`);
    kind = 'missing';
  }
  if (kind === 'file') throw usageError(name, `${dir} is a file, not a directory (give a directory for the databases)`);
  const existed = kind === 'dir';
  return { dir, files: dbFiles(dir), existed };
}

/** Creates the directory for a command that is about to write (after its input was validated). */
export function ensureDbDir(db: DbDir): void {
  try {
    mkdirSync(db.dir, { recursive: true });
  } catch (e) {
    throw usageError('--db-dir', `${db.dir} cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Removes the directory again if this command created it and left it empty (a refused command leaves nothing behind). */
export function removeIfCreatedEmpty(db: DbDir): void {
  if (db.existed || !existsSync(db.dir)) return;
  try {
    rmdirSync(db.dir);
  } catch {
    // Not empty (something was stored) or already gone: keep it.
  }
}
