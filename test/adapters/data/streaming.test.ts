/** A text file larger than one read block is parsed block by block: the same ticks, errors and hash rules as the same text held whole. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES } from '../../../src/adapters/data/file-reader.js';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import { SymbolTable } from '../../../src/adapters/data/symbol-table.js';
import type { ReplayDataset } from '../../../src/backtest/dataset.js';
import { expectDataError, ist, tempDir } from './helpers.js';

const HEADER = 'ts_ms,symbol,price,bid,ask,bid_qty,ask_qty,note';
const SYMBOLS = ['NIFTY', 'NIFTY13JAN2625800CE', 'NIFTY13JAN2625800PE'];

/** Row `i` of a NIFTY file: a tick every 10 ms from 09:15, quoted symbols and notes with commas and doubled quotes now and then, CRLF on some lines. */
function row(i: number): string {
  const sym = SYMBOLS[i % 3]!;
  const ts = ist('2026-01-05', '09:15', i * 10);
  const price = i % 3 === 0 ? `${25_800 + (i % 97) / 20}` : `${100 + (i % 41) / 20}`;
  const quote = i % 3 === 0 ? ',,,' : `${(i % 500) / 20 + 99},${(i % 500) / 20 + 101},${65 * (1 + (i % 5))},130`;
  const note = i % 7 === 0 ? `"a ""quoted"", note ${i}"` : i % 11 === 0 ? '' : `n${i}`;
  const symbol = i % 5 === 0 ? `"${sym}"` : sym;
  return `${ts},${symbol},${price},${quote},${note}${i % 4 === 0 ? '\r' : ''}\n`;
}

/** The file `text` both as plain text (read in blocks) and gzipped (decompressed whole), loaded. */
function loadBoth(text: string): { plain: ReplayDataset; whole: ReplayDataset } {
  const dir = tempDir();
  const plain = join(dir, 'ticks.csv');
  const gz = join(dir, 'ticks.csv.gz');
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(text));
  return { plain: loadDataset(plain), whole: loadDataset(gz) };
}

function expectSameTicks(a: ReplayDataset, b: ReplayDataset): void {
  expect(a.description).toBe(b.description);
  expect(a.universe).toEqual(b.universe);
  expect(a.dates).toEqual(b.dates);
  expect(a.days).toEqual(b.days);
  expect(a.chains).toEqual(b.chains);
}

/** A digest of the dataset's dates, description and every column's bytes (cheaper to compare than the arrays). */
function fingerprint(ds: ReplayDataset): string {
  const hash = createHash('sha256').update(JSON.stringify([ds.dates, ds.description]));
  for (const day of ds.days) {
    for (const col of [day.ts, day.instrument, day.ltp, day.bid, day.ask, day.bidQty, day.askQty]) hash.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  }
  return hash.digest('hex');
}

/** Rows from `first` until the text passes `bytes`. */
function rowsPast(bytes: number, first = 0): string {
  let text = '';
  for (let i = first; text.length < bytes; i++) text += row(i);
  return text;
}

describe('a text file read in blocks', () => {
  it('loads the same ticks as the same text held whole, over several blocks', () => {
    const { plain, whole } = loadBoth(`${HEADER}\n${rowsPast(3 * BLOCK_BYTES)}`);
    expectSameTicks(plain, whole);
    expect(plain.days[0]!.length).toBeGreaterThan(40_000);
  });

  it('reads a row cut by the end of a block at every byte of it, quotes and CRLF included', () => {
    // A padding note moves the first block's end across each byte of one quoted row with a CRLF ending.
    const special = `${ist('2026-01-05', '10:00')},"NIFTY13JAN2625800CE",101.5,101.45,101.55,65,130,"x ""y"", z"\r\n`;
    const head = `${HEADER}\n`;
    const filler = rowsPast(BLOCK_BYTES - 200);
    const tail = rowsPast(2_000, 400_000);
    const padStart = `${ist('2026-01-05', '09:59')},NIFTY,25800,,,,,`;
    const dir = tempDir();
    let expected: string | undefined;
    for (let shift = 0; shift <= special.length; shift++) {
      // The special row starts `special.length - shift` bytes before the block's end; the padding is a note, not a tick.
      const pad = BLOCK_BYTES - (special.length - shift) - head.length - filler.length - padStart.length - 1;
      const text = `${head}${filler}${padStart}${'p'.repeat(pad)}\n${special}${tail}`;
      expect(text.indexOf(special)).toBe(BLOCK_BYTES - special.length + shift);
      if (expected === undefined) {
        const { plain, whole } = loadBoth(text);
        expectSameTicks(plain, whole);
        expected = fingerprint(whole);
      }
      writeFileSync(join(dir, 'ticks.csv'), text);
      expect(fingerprint(loadDataset(join(dir, 'ticks.csv'))), `shift ${shift}`).toBe(expected);
    }
  });

  it('reads a line longer than a block', () => {
    const long = `${ist('2026-01-05', '09:20')},NIFTY,25800,,,,,"${'q'.repeat(BLOCK_BYTES + BLOCK_BYTES / 2)}"\n`;
    const { plain, whole } = loadBoth(`${HEADER}\n${rowsPast(BLOCK_BYTES / 2)}${long}${rowsPast(BLOCK_BYTES, 100_000)}`);
    expectSameTicks(plain, whole);
  });

  it('names the same line in an error past the first block', () => {
    const good = rowsPast(2 * BLOCK_BYTES);
    const lines = good.split('\n').length;
    const text = `${HEADER}\n${good}${ist('2026-01-05', '15:00')},NIFTY,abc,,,,,\n`;
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.csv'), text);
    writeFileSync(join(dir, 'bad.csv.gz'), gzipSync(text));
    const plain = expectDataError(() => loadDataset(join(dir, 'bad.csv')), `bad.csv:${lines + 1}: column 3 (price): "abc" is not a number`);
    const whole = expectDataError(() => loadDataset(join(dir, 'bad.csv.gz')), `bad.csv.gz:${lines + 1}:`);
    expect(plain.replace('bad.csv:', '')).toBe(whole.replace('bad.csv.gz:', ''));
  });

  it('keeps its own copy of each symbol it interns, since the block it was read from is overwritten', () => {
    const table = new SymbolTable();
    const block = Buffer.alloc(19);
    const names = Array.from({ length: 60 }, (_, k) => `NIFTY13JAN26${25_000 + 50 * k}${k % 2 === 0 ? 'CE' : 'PE'}`);
    const idOf = (name: string): number => {
      block.write(name, 'latin1');
      return table.idAt(block, 0, name.length);
    };
    expect(names.map(idOf)).toEqual(names.map((_, k) => k));
    expect(names.map(idOf)).toEqual(names.map((_, k) => k));
    expect(table.names).toEqual(names);
  });

  it('interns spellings of every length, ones that differ in a single byte among them, to their own ids', () => {
    const table = new SymbolTable();
    const names: string[] = [];
    for (let len = 1; len <= 40; len++) {
      const base = 'QWERTYUIOPASDFGHJKLZXCVBNM0123456789ABCDEFGH'.slice(0, len);
      names.push(base);
      for (let at = 0; at < len; at += 3) names.push(`${base.slice(0, at)}#${base.slice(at + 1)}`);
    }
    const bytes = Buffer.from(names.join(''), 'latin1');
    const bounds: [number, number][] = [];
    let at = 0;
    for (const name of names) bounds.push([at, (at += name.length)]);
    const ids = bounds.map(([s, e]) => table.idAt(bytes, s, e));
    expect(ids).toEqual(names.map((_, k) => k));
    expect(bounds.map(([s, e]) => table.idAt(bytes, s, e))).toEqual(ids);
    expect(table.names).toEqual(names);
    // Spellings of one symbol share its id; a longer spelling that only adds a NUL byte is another symbol.
    const spell = (text: string): number => table.idAt(Buffer.from(text, 'latin1'), 0, text.length);
    expect(spell(' qwer ')).toBe(spell('QWER'));
    expect(spell('QWER\u0000')).not.toBe(spell('QWER'));
  });

  it('grows its arrays when the lines after the first block are shorter than those in it', () => {
    // Rows with long notes fill the first block, so the row estimate from it falls far short of the short rows after it.
    const long = Array.from({ length: 2_000 }, (_, i) => `${ist('2026-01-05', '09:15', i * 10)},NIFTY,25800,,,,,${'w'.repeat(600)}\n`).join('');
    expect(long.length).toBeGreaterThan(BLOCK_BYTES);
    const { plain, whole } = loadBoth(`${HEADER}\n${long}${rowsPast(6 * BLOCK_BYTES, 2_000)}`);
    expectSameTicks(plain, whole);
    expect(plain.days[0]!.length).toBeGreaterThan(100_000);
  });

  it('hashes every byte: a blank line at the end of a large file gives the same ticks and another hash', () => {
    const dir = tempDir();
    const text = `${HEADER}\n${rowsPast(2 * BLOCK_BYTES)}`;
    writeFileSync(join(dir, 'a.csv'), text);
    writeFileSync(join(dir, 'b.csv'), `${text}\n`);
    const a = loadDataset(join(dir, 'a.csv'));
    const b = loadDataset(join(dir, 'b.csv'));
    expect(b.days).toEqual(a.days);
    expect(b.dataHash).not.toBe(a.dataHash);
    expect(loadDataset(join(dir, 'a.csv')).dataHash).toBe(a.dataHash);
    expect(readFileSync(join(dir, 'a.csv')).length).toBeGreaterThan(BLOCK_BYTES);
  });
});
