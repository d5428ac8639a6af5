/** The database directory: --db-dir over SCALPER_DB_DIR over ./db, and the fixed file names in it. */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbFiles, resolveDbDir } from '../../../src/adapters/store/db-paths.js';

const cwd = resolve('/srv/scalper');

describe('resolveDbDir', () => {
  it('defaults to db/ under the working directory', () => {
    expect(resolveDbDir({ cwd })).toBe(join(cwd, 'db'));
    expect(resolveDbDir({ env: undefined, cwd })).toBe(join(cwd, 'db'));
    expect(resolveDbDir({ env: '', cwd })).toBe(join(cwd, 'db'));
    expect(resolveDbDir({ flag: undefined, env: '  ', cwd })).toBe(join(cwd, 'db'));
  });

  it('prefers the flag over the environment, and the environment over the default', () => {
    expect(resolveDbDir({ flag: '/data/x', env: '/data/y', cwd })).toBe(resolve('/data/x'));
    expect(resolveDbDir({ env: '/data/y', cwd })).toBe(resolve('/data/y'));
  });

  it('resolves relative paths against the working directory', () => {
    expect(resolveDbDir({ flag: 'mine', cwd })).toBe(join(cwd, 'mine'));
    expect(resolveDbDir({ env: '../shared/db', cwd })).toBe(resolve(cwd, '../shared/db'));
  });

  it('refuses an empty --db-dir', () => {
    expect(() => resolveDbDir({ flag: '', cwd })).toThrow('--db-dir: must be a directory path, got an empty string');
  });
});

describe('dbFiles', () => {
  it('puts the three databases directly in the directory under fixed names', () => {
    expect(dbFiles('/d')).toEqual({ auto: join('/d', 'auto-trades.sqlite'), manual: join('/d', 'manual-trades.sqlite'), control: join('/d', 'control.sqlite') });
  });
});
