/** Replay-input benchmark: loadDataset on a generated 2 M-tick CSV and on binary recordings of the same ticks (loading only; the run is measured elsewhere). */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadDataset } from '../src/adapters/data/load-dataset.js';
import type { ReplayDataset } from '../src/backtest/dataset.js';
import { TickRecorder } from '../src/adapters/recorder/tick-recorder.js';
import { epochOfLocal } from '../src/core/calendar/exchange-time.js';
import type { MutableTick } from '../src/core/model/tick.js';
import { readRow } from '../src/sim/market/tick-columns.js';
import { perSecond } from './measure.js';

export interface ReplayBenchResult {
  readonly ticks: number;
  readonly csvBytes: number;
  /** loadDataset of the CSV: read, hash, split, parse, round to ticks, build the universe and chains, sort, split into dates. */
  readonly csvTicksPerSec: number;
  /** loadDataset of the recordings directory (one file per date): read, hash, verify checksums, decode each date into its columns. */
  readonly binaryTicksPerSec: number;
  readonly binaryFiles: number;
  /** The first load of each file: code not yet optimised, and memory not yet reused from earlier loads (fresh pages are slow to fault in on a VM). */
  readonly csvFirstTicksPerSec: number;
  readonly binaryFirstTicksPerSec: number;
  /** Writing the loaded columns' 52 bytes a tick into fresh memory, and nothing else: what a load into fresh memory cannot beat. */
  readonly freshOutputTicksPerSec: number;
}

/** Bytes a tick takes in TickColumns: six Float64 columns and one Int32. */
const OUTPUT_BYTES_PER_TICK = 6 * 8 + 4;

const DAYS = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08'];
const SYMBOLS = ['NIFTY', 'NIFTY13JAN2625750CE', 'NIFTY13JAN2625750PE', 'NIFTY13JAN2625800CE', 'NIFTY13JAN2625800PE', 'NIFTY13JAN2625850CE', 'NIFTY13JAN2625850PE'];

/** A NIFTY index + 3-strike CE/PE tick file in the session (09:15–15:30 IST), with quotes and sizes, `ticks` rows over four days. */
async function writeCsv(path: string, ticks: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write('ts_ms,symbol,price,bid,ask,bid_qty,ask_qty\n');
  const perDay = Math.ceil(ticks / DAYS.length);
  const sessionMs = (6 * 60 + 15) * 60_000;
  let x = 12345;
  const rand = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  let index = 25_800;
  const premium = [140, 110, 115, 85, 90, 65];
  let written = 0;
  for (const date of DAYS) {
    const open = epochOfLocal(date, 9 * 60 + 15, 330);
    const lines: string[] = [];
    for (let i = 0; i < perDay && written < ticks; i++, written++) {
      const ts = open + Math.floor((i * sessionMs) / perDay);
      const k = i % SYMBOLS.length;
      if (k === 0) {
        index += (rand() - 0.5) * 4;
        lines.push(`${ts},NIFTY,${(Math.round(index * 20) / 20).toFixed(2)},,,,`);
      } else {
        const p = Math.max(1, premium[k - 1]! + (rand() - 0.5) * 2);
        premium[k - 1] = p;
        const ltp = Math.round(p * 20) / 20;
        lines.push(`${ts},${SYMBOLS[k]},${ltp.toFixed(2)},${(ltp - 0.05).toFixed(2)},${(ltp + 0.05).toFixed(2)},${65 * (1 + (i % 9))},${65 * (1 + (i % 7))}`);
      }
      if (lines.length === 10_000) await write(`${lines.splice(0).join('\n')}\n`);
    }
    if (lines.length > 0) await write(`${lines.join('\n')}\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** The dataset and the ms loadDataset took. */
function timedLoad(path: string, expected: number): { ds: ReplayDataset; ms: number } {
  const t0 = performance.now();
  const ds = loadDataset(path);
  const ms = performance.now() - t0;
  const n = ds.days.reduce((s, d) => s + d.length, 0);
  if (n !== expected) throw new Error(`${path}: loaded ${n} ticks, expected ${expected}`);
  return { ds, ms };
}

/**
 * Loads after the first (done by the caller) that are not timed: the first loads of a process write
 * to freshly mapped memory; after a few, the allocator reuses what earlier loads freed (steady state).
 */
const MORE_WARMUPS = 2;

/** Median ms of `passes` loads, after the warm-up loads. */
function timeLoads(path: string, passes: number, expected: number): number {
  for (let w = 0; w < MORE_WARMUPS; w++) timedLoad(path, expected);
  const ms: number[] = [];
  for (let p = 0; p < passes; p++) ms.push(timedLoad(path, expected).ms);
  return median(ms);
}

/**
 * Median ms to allocate and write `bytes` of fresh memory, each pass in a new process: its heap holds
 * nothing freed to reuse, so every page is faulted in (on a VM, far more costly than the writes).
 */
function freshMemoryMs(bytes: number, passes: number): number {
  const script = `const t0 = performance.now(); Buffer.allocUnsafeSlow(${bytes}).fill(1); process.stdout.write(String(performance.now() - t0));`;
  const ms: number[] = [];
  for (let p = 0; p < passes; p++) ms.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  return median(ms);
}

/** Loads the CSV (the first load of it, timed) and records the ticks it loads to, one file per date; the dataset is not kept. */
async function recordAsLoaded(csv: string, dir: string, ticks: number): Promise<{ csvFirstMs: number; files: number }> {
  const { ds, ms } = timedLoad(csv, ticks);
  const rec = new TickRecorder({ dir, universe: ds.universe, utcOffsetMin: ds.profile.utcOffsetMin });
  const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
  for (const day of ds.days) for (let i = 0; i < day.length; i++) rec.record(readRow(day, i, tick));
  await rec.close();
  return { csvFirstMs: ms, files: ds.dates.length };
}

/** Generation and recording are not timed; each figure is the median of `passes` timed loads after three warm-up loads, the first of which is reported. */
export async function replayBench(ticks = 2_000_000, passes = 5): Promise<ReplayBenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'replay-bench-'));
  try {
    const csv = join(root, 'ticks.csv');
    await writeCsv(csv, ticks);
    const dir = join(root, 'recording');
    const { csvFirstMs, files } = await recordAsLoaded(csv, dir, ticks);
    const binaryFirstMs = timedLoad(dir, ticks).ms;
    const binaryMs = timeLoads(dir, passes, ticks);
    const csvMs = timeLoads(csv, passes, ticks);
    const freshMs = freshMemoryMs(ticks * OUTPUT_BYTES_PER_TICK, passes);
    return {
      ticks,
      csvBytes: statSync(csv).size,
      csvTicksPerSec: perSecond(ticks, csvMs),
      binaryTicksPerSec: perSecond(ticks, binaryMs),
      binaryFiles: files,
      csvFirstTicksPerSec: perSecond(ticks, csvFirstMs),
      binaryFirstTicksPerSec: perSecond(ticks, binaryFirstMs),
      freshOutputTicksPerSec: perSecond(ticks, freshMs),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await replayBench())}\n`);
}
