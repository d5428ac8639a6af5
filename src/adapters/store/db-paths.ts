/** Where the databases live: the directory from --db-dir, SCALPER_DB_DIR or ./db, and the fixed file names inside it. */
import { join, resolve } from 'node:path';

/** The environment variable naming the database directory. */
export const DB_DIR_ENV = 'SCALPER_DB_DIR';

/** The three database files of a directory. */
export interface DbFiles {
  /** The agent's trade book. */
  readonly auto: string;
  /** The trader's manual trade book (same schema). */
  readonly manual: string;
  /** Parameter versions, risk state, positions, audit, engine state. */
  readonly control: string;
}

/**
 * The database directory, absolute: the --db-dir flag, else $SCALPER_DB_DIR (ignored when empty), else db/
 * under the working directory. Relative paths are resolved against `cwd`.
 */
export function resolveDbDir(opts: { readonly flag?: string | undefined; readonly env?: string | undefined; readonly cwd: string }): string {
  if (opts.flag !== undefined) {
    if (opts.flag.trim() === '') throw new Error('--db-dir: must be a directory path, got an empty string');
    return resolve(opts.cwd, opts.flag);
  }
  if (opts.env !== undefined && opts.env.trim() !== '') return resolve(opts.cwd, opts.env);
  return resolve(opts.cwd, 'db');
}

export function dbFiles(dir: string): DbFiles {
  return {
    auto: join(dir, 'auto-trades.sqlite'),
    manual: join(dir, 'manual-trades.sqlite'),
    control: join(dir, 'control.sqlite'),
  };
}
