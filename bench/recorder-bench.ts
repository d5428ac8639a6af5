/** Recorder benchmark: records simulated NIFTY days to `.ticks` files (record + async writes to close) and reads them back; generation is not timed. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { listRecordings, recordingPath } from '../src/adapters/recorder/recording-files.js';
import { readRecording } from '../src/adapters/recorder/recording-reader.js';
import { TickRecorder } from '../src/adapters/recorder/tick-recorder.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import type { MutableTick } from '../src/core/model/tick.js';
import { createSimMarket } from '../src/sim/market/sim-market.js';
import { readRow, type TickColumns } from '../src/sim/market/tick-columns.js';
import { perSecond } from './measure.js';

export interface RecorderBenchResult {
  readonly ticks: number;
  /** Wall time from the first record() to close() resolving: every chunk written and every file synced and closed. */
  readonly writeTicksPerSec: number;
  /** readRecording of every file: read, checksums, decode into TickColumns. */
  readonly readTicksPerSec: number;
  /** File bytes (headers included) per tick. */
  readonly bytesPerTick: number;
  /** Time inside record() only: the cost the tick loop pays. */
  readonly recordTicksPerSec: number;
  /** readRecording plus a readRow pass over every row: replay input end to end. */
  readonly replayTicksPerSec: number;
}

function copyColumns(c: TickColumns): TickColumns {
  return { ...c, ts: c.ts.slice(), instrument: c.instrument.slice(), ltp: c.ltp.slice(), bid: c.bid.slice(), ask: c.ask.slice(), bidQty: c.bidQty.slice(), askQty: c.askQty.slice() };
}

/** Ticks recorded between yields to the event loop. */
const SLICE = 8_192;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export async function recorderBench(days = 5, passes = 5): Promise<RecorderBenchResult> {
  const market = createSimMarket(loadSimConfig(), { underlying: 'NIFTY', startDate: '2026-01-05', days, seed: 42 });
  const utcOffsetMin = market.universe.instruments[market.indexInstrumentId]?.utcOffsetMin ?? 330;
  const cols = market.tradingDates.map((_, d) => copyColumns(market.columnsForDay(d)));
  const ticks = cols.reduce((n, c) => n + c.length, 0);
  const root = mkdtempSync(join(tmpdir(), 'recorder-bench-'));
  try {
    const writeMs: number[] = [];
    const recordMs: number[] = [];
    let dir = '';
    for (let p = 0; p <= passes; p++) {
      dir = join(root, `pass-${p}`);
      const rec = new TickRecorder({ dir, universe: market.universe, utcOffsetMin });
      const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
      let inRecord = 0;
      const t0 = performance.now();
      for (const c of cols) {
        for (let from = 0; from < c.length; from += SLICE) {
          const to = Math.min(c.length, from + SLICE);
          const s = performance.now();
          for (let i = from; i < to; i++) rec.record(readRow(c, i, tick));
          inRecord += performance.now() - s;
          // Let the event loop run, as a service's does between feed messages, so writes overlap recording.
          await yieldToEventLoop();
        }
      }
      await rec.close();
      const t1 = performance.now();
      if (p > 0) {
        recordMs.push(inRecord);
        writeMs.push(t1 - t0);
      }
    }
    const paths = listRecordings(dir).map((date) => recordingPath(dir, date));
    const bytes = paths.reduce((n, path) => n + statSync(path).size, 0);
    const readMs: number[] = [];
    const replayMs: number[] = [];
    let sink = 0;
    for (let p = 0; p <= passes; p++) {
      const t0 = performance.now();
      let read = 0;
      const recordings = paths.map((path) => readRecording(path));
      for (const r of recordings) read += r.ticks;
      const t1 = performance.now();
      const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
      for (const r of recordings) for (const c of r.columns) for (let i = 0; i < c.length; i++) sink += readRow(c, i, tick).ltp;
      const t2 = performance.now();
      if (read !== ticks) throw new Error(`read ${read} ticks, recorded ${ticks}`);
      if (p > 0) {
        readMs.push(t1 - t0);
        replayMs.push(t2 - t0);
      }
    }
    if (Number.isNaN(sink)) throw new Error('replay checksum is NaN');
    return {
      ticks,
      writeTicksPerSec: perSecond(ticks, median(writeMs)),
      readTicksPerSec: perSecond(ticks, median(readMs)),
      bytesPerTick: Math.round((bytes / ticks) * 100) / 100,
      recordTicksPerSec: perSecond(ticks, median(recordMs)),
      replayTicksPerSec: perSecond(ticks, median(replayMs)),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await recorderBench())}\n`);
}
