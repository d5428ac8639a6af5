/** What `scalper serve` says when it must stop at once: a full disk, a corrupt or read-only database, or another storage failure, with what to do. */
import { describeProblem, storageProblem } from '../adapters/store/db-file-errors.js';

/** The message for a failure that ended the run; `error` may carry `code` (SQLITE_FULL, ENOSPC, …) and `file`. */
export function fatalMessage(error: Error, dbDir: string): string {
  const file = (error as { file?: unknown }).file;
  const where = typeof file === 'string' ? file : dbDir;
  const kept = 'The service stopped at once; every acknowledged event is in the book, and a restart resumes from it.';
  switch (storageProblem(error)) {
    case 'disk-full':
      return (
        `disk full: ${where} could not be written (${error.message}). ${kept} ` +
        `Free space on the disk holding ${dbDir}, or lower --recordings-max-gb (or run without --record) so tick recordings take less, then restart.`
      );
    case 'corrupt':
      return `${describeProblem(where, 'corrupt', error.message)}; the service stopped at once`;
    case 'read-only':
      return `${describeProblem(where, 'read-only', error.message)}. ${kept}`;
    case null:
      return `the service stopped: ${error.message}. ${kept}`;
  }
}
