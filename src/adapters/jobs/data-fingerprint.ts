/** A data file's (or recording directory's) identity for a job's run key, from its metadata only: resolved path, then size and modification time of each file. */
import { createHash } from 'node:crypto';
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../app/errors.js';

const refuse = (rule: string): AppError => new AppError('INVALID_INPUT', `data: ${rule}`, { issues: [{ field: 'data', rule }] });

function statOf(path: string, shown: string): Stats {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw refuse(code === 'ENOENT' ? `${shown}: no such file or directory` : `${shown}: cannot read (${code ?? 'error'})`);
  }
}

/**
 * Reads no content, so it is cheap enough for submit on the daemon's event loop: a file edited in place
 * changes its size or modification time, hence its fingerprint. A directory (of recordings) is its
 * files, one level deep, as the recording loader reads it.
 */
export function dataFingerprint(path: string): string {
  const shown = JSON.stringify(path.slice(0, 80));
  const root = resolve(path);
  const stat = statOf(root, shown);
  const entries = stat.isDirectory() ? readdirSync(root).sort().map((name) => [name, statOf(join(root, name), shown)] as const) : [['', stat] as const];
  const hash = createHash('sha256').update(root);
  for (const [name, s] of entries) hash.update(`\n${name}\t${s.size}\t${s.mtimeMs}`);
  return hash.digest('hex');
}
