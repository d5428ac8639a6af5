/** Storage failures in the user's words: a full disk, a corrupt or read-only database file, each naming the file and the remedy. */
import Database from 'better-sqlite3';

/** What went wrong with a database file or the disk under it, or null when the error is something else. */
export type StorageProblem = 'disk-full' | 'corrupt' | 'read-only';

/** A database file the program cannot use as it is: a user-facing error (exit code 2), never an internal one. */
export class DatabaseFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: StorageProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DatabaseFileError';
  }
}

/** Classifies an error by its SQLite result code or errno code (extended codes such as SQLITE_READONLY_DBMOVED included). */
export function storageProblem(error: unknown): StorageProblem | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt';
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'read-only';
  return null;
}

/** The message for `problem` with `file`: what is wrong and what to do. */
export function describeProblem(file: string, problem: StorageProblem, cause: string): string {
  switch (problem) {
    case 'corrupt':
      return `${file} is not a valid database (file is corrupt: ${cause}): restore it from a backup or move it aside; the scalper will create a new one`;
    case 'read-only':
      return `${file} cannot be written (${cause}): give this user write access to it and its directory (e.g. chmod u+w), or use --db-dir for a writable copy; \`scalper analytics\` and \`scalper trades\` can read it as it is`;
    case 'disk-full':
      return `the disk holding ${file} is full (${cause}): free space on it (old tick recordings under recordings/ can go, or lower --recordings-max-gb), then start again`;
  }
}

/** `error` as a DatabaseFileError about `file` when it is a storage problem; otherwise `error` itself. */
export function asDatabaseFileError(file: string, error: unknown): unknown {
  if (error instanceof DatabaseFileError) return error;
  const problem = storageProblem(error);
  if (problem === null) return error;
  return new DatabaseFileError(file, problem, describeProblem(file, problem, (error as Error).message), { cause: error });
}

/**
 * Which of `files` is corrupt, checked read-only with SQLite's quick_check (used only after a query has
 * reported corruption, to name the file: the check reads the whole file).
 */
export function findCorruptFile(files: readonly string[]): string | undefined {
  for (const file of files) {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const rows = db.pragma('quick_check') as { quick_check: string }[];
        if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') return file;
      } finally {
        db.close();
      }
    } catch (e) {
      if (storageProblem(e) === 'corrupt') return file;
    }
  }
  return undefined;
}
