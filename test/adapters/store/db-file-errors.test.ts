/** Corrupt, write-protected and missing database files: named in the error with the remedy; queries open books read-only. */
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseFileError, findCorruptFile, storageProblem } from '../../../src/adapters/store/db-file-errors.js';
import { TradeBook } from '../../../src/adapters/store/trade-book.js';
import { corruptCopy, fill, writeBook } from './book-fixtures.js';

const isRoot = process.getuid?.() === 0;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-dbfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a corrupt database file', () => {
  it('is refused with its path and the remedy, for writing and for reading', () => {
    const good = join(dir, 'good.sqlite');
    writeBook(good);
    const bad = join(dir, 'auto-trades.sqlite');
    corruptCopy(good, bad);
    for (const open of [() => TradeBook.open(bad), () => TradeBook.openReadOnly(bad)]) {
      let error: unknown;
      try {
        open().close();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatabaseFileError);
      expect((error as DatabaseFileError).problem).toBe('corrupt');
      expect((error as Error).message).toMatch(`${bad} is not a valid database (file is corrupt`);
      expect((error as Error).message).toMatch('restore it from a backup or move it aside; the scalper will create a new one');
    }
    expect(findCorruptFile([good, bad])).toBe(bad);
    expect(findCorruptFile([good])).toBeUndefined();
  });
});

describe('opening a book read-only (queries)', () => {
  it('reads it and can never write it', () => {
    const path = join(dir, 'auto-trades.sqlite');
    writeBook(path);
    const book = TradeBook.openReadOnly(path);
    try {
      expect(book.closedTrades().map((t) => t.tradeId)).toEqual(['t1']);
      let error: unknown;
      try {
        book.insert({ events: [fill({ eventId: 'e3', tradeId: 't2' })], trades: [], others: [] });
      } catch (e) {
        error = e;
      }
      expect(storageProblem((error as { cause?: unknown } | undefined)?.cause ?? error)).toBe('read-only');
      expect(String(error)).toMatch(/readonly database/);
    } finally {
      book.close();
    }
    expect(TradeBook.openReadOnly(path).counts()).toEqual({ events: 2, trades: 1, others: 0 });
  });

  it('reads a missing book as empty without creating the file', () => {
    const path = join(dir, 'manual-trades.sqlite');
    const book = TradeBook.openReadOnly(path);
    expect(book.closedTrades()).toEqual([]);
    book.close();
    expect(existsSync(path)).toBe(false);
  });

  it.skipIf(isRoot)('reads a write-protected (chmod 0444) book, which the writer refuses naming the file', () => {
    const path = join(dir, 'auto-trades.sqlite');
    writeBook(path);
    chmodSync(path, 0o444);
    const book = TradeBook.openReadOnly(path);
    expect(book.closedTrades().length).toBe(1);
    book.close();
    expect(() => TradeBook.open(path)).toThrow(`${path} cannot be written`);
  });
});

describe('storage problems', () => {
  it('are told apart by SQLite and errno codes', () => {
    const withCode = (code: string): Error => Object.assign(new Error(code), { code });
    expect(['SQLITE_FULL', 'ENOSPC', 'EDQUOT'].map((c) => storageProblem(withCode(c)))).toEqual(['disk-full', 'disk-full', 'disk-full']);
    expect(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX'].map((c) => storageProblem(withCode(c)))).toEqual(['corrupt', 'corrupt', 'corrupt']);
    expect(['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'EACCES', 'EROFS'].map((c) => storageProblem(withCode(c)))).toEqual(['read-only', 'read-only', 'read-only', 'read-only']);
    expect(storageProblem(withCode('SQLITE_BUSY'))).toBeNull();
    expect(storageProblem(new Error('no code'))).toBeNull();
  });
});
