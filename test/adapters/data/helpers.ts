/** Test helpers for the data loaders: temp dirs, writing small files (plain or gzipped), columns as plain rows, the shared data folder. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, expect } from 'vitest';
import type { ReplayDataset } from '../../../src/backtest/dataset.js';
import type { Tick } from '../../../src/core/model/tick.js';
import { DataInputError } from '../../../src/adapters/data/data-input-error.js';
import { rowToTick } from '../../../src/sim/market/tick-columns.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const kept: string[] = [];
afterAll(() => {
  for (const dir of kept.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes a file shared by the tests of a describe block: removed after the whole test file, not after each test. */
export function writeFixture(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'data-fixture-'));
  kept.push(dir);
  return writeTemp(name, text, dir);
}

/** A fresh temp dir, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'data-test-'));
  made.push(dir);
  return dir;
}

/** Writes `text` to `name` in a fresh temp dir (gzipped when the name ends in .gz); returns the path. */
export function writeTemp(name: string, text: string, dir = tempDir()): string {
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(Buffer.from(text)) : text);
  return path;
}

/** Every tick of the dataset, dates in order. */
export function allTicks(ds: Pick<ReplayDataset, 'days'>): Tick[] {
  return ds.days.flatMap((c) => Array.from({ length: c.length }, (_, i) => rowToTick(c, i)));
}

/** Symbol of each tick, for readable expectations. */
export function symbolsOf(ds: ReplayDataset): string[] {
  return allTicks(ds).map((t) => ds.universe.instruments[t.instrument]!.symbol);
}

/** Runs `fn`, expecting a DataInputError whose message matches every pattern; returns the message. */
export function expectDataError(fn: () => unknown, ...patterns: (RegExp | string)[]): string {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a DataInputError').toBeInstanceOf(DataInputError);
  const message = (caught as Error).message;
  for (const p of patterns) {
    if (typeof p === 'string') expect(message).toContain(p);
    else expect(message).toMatch(p);
  }
  expect(message).not.toContain('\n    at ');
  return message;
}

/** The project's real data folder (../shared/data from the project root). */
export const SHARED_DATA = resolve(import.meta.dirname, '../../../../shared/data');
export const HAS_SHARED_DATA = existsSync(SHARED_DATA);
export const SPX_PANEL = join(SHARED_DATA, 'lean_spx_spxw/normalized/panel_20210104_spxw3700_0dte.csv');
export const SPY_TICKS = join(SHARED_DATA, 'lean_spy_ticks/normalized/spy_trades_20131007.csv.gz');
export const SKIP_MESSAGE = `real-data loader tests skipped: ${SHARED_DATA} is absent`;

/** Epoch ms of an IST wall time on a date (UTC+05:30). */
export function ist(date: string, hhmm: string, ms = 0): number {
  return Date.parse(`${date}T${hhmm}:00.000+05:30`) + ms;
}

/** Epoch ms of a US Eastern wall time at the given offset. */
export function et(date: string, hhmm: string, offsetMin: number, ms = 0): number {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return Date.parse(`${date}T${hhmm}:00.000${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`) + ms;
}
