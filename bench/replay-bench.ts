/** Replay-input benchmark: loadDataset on a generated 2 M-tick CSV and on a binary recording of the same ticks (decoding only; the run is measured elsewhere). */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadDataset } from '../src/adapters/data/load-dataset.js';
import { TickRecorder } from '../src/adapters/recorder/tick-recorder.js';
import { epochOfLocal } from '../src/core/calendar/exchange-time.js';
import type { MutableTick } from '../src/core/model/tick.js';
import { readRow } from '../src/sim/market/tick-columns.js';
import { perSecond } from './measure.js';

export interface ReplayBenchResult {
  readonly ticks: number;
  readonly csvBytes: number;
  /** loadDataset of the CSV: read, split, parse, round to ticks, build the universe and chains, sort, split into dates. */
  readonly csvTicksPerSec: number;
  /** loadDataset of the recordings directory: read, verify checksums, decode, concatenate per date. */
  readonly binaryTicksPerSec: number;
}

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

function timeLoads(path: string, passes: number, expected: number): number {
  const ms: number[] = [];
  for (let p = 0; p <= passes; p++) {
    const t0 = performance.now();
    const ds = loadDataset(path);
    const t1 = performance.now();
    const n = ds.days.reduce((s, d) => s + d.length, 0);
    if (n !== expected) throw new Error(`${path}: loaded ${n} ticks, expected ${expected}`);
    if (p > 0) ms.push(t1 - t0);
  }
  return median(ms);
}

/** Generation and recording are not timed; each figure is the median of `passes` timed loads after a warm-up load. */
export async function replayBench(ticks = 2_000_000, passes = 3): Promise<ReplayBenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'replay-bench-'));
  try {
    const csv = join(root, 'ticks.csv');
    await writeCsv(csv, ticks);
    const ds = loadDataset(csv);
    const dir = join(root, 'recording');
    const rec = new TickRecorder({ dir, universe: ds.universe, utcOffsetMin: ds.profile.utcOffsetMin });
    const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    for (const day of ds.days) for (let i = 0; i < day.length; i++) rec.record(readRow(day, i, tick));
    await rec.close();
    const csvMs = timeLoads(csv, passes, ticks);
    const binMs = timeLoads(dir, passes, ticks);
    return { ticks, csvBytes: statSync(csv).size, csvTicksPerSec: perSecond(ticks, csvMs), binaryTicksPerSec: perSecond(ticks, binMs) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await replayBench())}\n`);
}
