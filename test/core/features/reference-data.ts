/** Test helpers: the shared real-data reference files (TA-Lib known answers), a seeded OHLC series, tolerances. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRng } from '../../../src/core/rng.js';

/** /work/shared/data: `shared` is the sibling of the project root. */
export const dataDir = path.resolve(import.meta.dirname, '../../../../shared/data');
export const hasData = existsSync(dataDir);
export const SKIP_MESSAGE = `reference data folder ${dataDir} is absent: TA-Lib known-answer tests are skipped`;

const referenceDir = path.join(dataDir, 'reference');

/** One TA-Lib C generated file: OHLC plus TA-Lib outputs, NaN where TA-Lib is still in its lookback. */
export interface TalibBars {
  readonly ts: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly trange: number[];
  readonly atr14: number[];
  readonly ema9: number[];
  readonly ema21: number[];
  readonly rsi14: number[];
}

export const TALIB_FILES = ['spx_1m_20210104_rth_talib.csv', 'spy_1m_20131004_20131011_rth_talib.csv'] as const;

export function readTalibCsv(name: string): TalibBars {
  const lines = readFileSync(path.join(referenceDir, 'talib_c_generated', name), 'utf8').trim().split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = (c: string): number => {
    const i = header.indexOf(c);
    if (i < 0) throw new Error(`${name}: no column ${c}`);
    return i;
  };
  const pick = (c: string): number[] => {
    const i = col(c);
    return lines.slice(1).map((l) => {
      const cell = l.split(',')[i] ?? '';
      return cell === '' ? Number.NaN : Number(cell);
    });
  };
  return {
    ts: pick('ts_ms'),
    open: pick('open'),
    high: pick('high'),
    low: pick('low'),
    close: pick('close'),
    trange: pick('trange'),
    atr14: pick('atr14'),
    ema9: pick('ema9'),
    ema21: pick('ema21'),
    rsi14: pick('rsi14'),
  };
}

/** One case of known_answers_atr_ema_rsi_sma_trange.json. */
export interface KnownAnswerCase {
  readonly file: string;
  readonly talib_function: string;
  readonly period: number | null;
  readonly inputs: { readonly high?: number[]; readonly low?: number[]; readonly close: number[] };
  readonly first_output_index: number;
  readonly talib_c_full_precision: number[];
}

export function readKnownAnswers(fn: string): KnownAnswerCase[] {
  const file = path.join(referenceDir, 'talib_netcore_vectors', 'known_answers_atr_ema_rsi_sma_trange.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { cases: KnownAnswerCase[] };
  return doc.cases.filter((c) => c.talib_function === fn);
}

/** One entry of the TA-Lib.NETCore test-data files (outputs rounded to 3–4 decimals, aligned to the last inputs). */
export interface NetcoreCase {
  readonly file: string;
  readonly name: string;
  readonly inputs: number[][];
  readonly options: number[];
  readonly outputs: number[][];
}

export function readNetcoreCases(name: string): NetcoreCase[] {
  const out: NetcoreCase[] = [];
  for (const file of ['untest.json', 'atoz.json', 'spy.json']) {
    const text = readFileSync(path.join(referenceDir, 'talib_netcore_vectors', file), 'utf8').replace(/^\uFEFF/, '');
    const doc = JSON.parse(text) as { _: Omit<NetcoreCase, 'file'>[] };
    for (const c of doc._) if (c.name === name) out.push({ ...c, file });
  }
  return out;
}

/** A seeded random-walk OHLC series with continuous prices (no ties between consecutive highs/lows). */
export function seededBars(seed: number, n: number, start = 1000): { high: number[]; low: number[]; close: number[] } {
  const rng = createRng(seed);
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  let prev = start;
  for (let i = 0; i < n; i++) {
    // Occasional bursts give the ADX trends to find and the Supertrend flips to make.
    const drift = Math.sin(i / 37) * 0.6;
    const open = prev + (rng.next() - 0.5) * 2;
    const c = open + (rng.next() - 0.5 + drift * 0.3) * 6;
    const h = Math.max(open, c) + rng.next() * 3;
    const l = Math.min(open, c) - rng.next() * 3;
    high.push(h);
    low.push(l);
    close.push(c);
    prev = c;
  }
  return { high, low, close };
}

/** |a − e| ≤ rel·|e|, both NaN counting as equal. */
export function relClose(actual: number, expected: number, rel: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= rel * Math.abs(expected);
}

/** Largest |a − e| / |e| over indices where e is a number (∞ when readiness differs). */
export function maxRelError(actual: readonly number[], expected: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    if (Number.isNaN(e) !== Number.isNaN(a)) return Number.POSITIVE_INFINITY;
    if (Number.isNaN(e)) continue;
    const err = e === 0 ? Math.abs(a) : Math.abs(a - e) / Math.abs(e);
    if (err > worst) worst = err;
  }
  return worst;
}
