/** End-to-end backtest benchmark: load a dataset (binary recordings or a tick CSV) and run the kernel over it, in ticks per second. */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { datasetWorld } from '../src/app/dataset-world.js';
import { loadDataset } from '../src/adapters/data/load-dataset.js';
import { TickRecorder } from '../src/adapters/recorder/tick-recorder.js';
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { runDataset } from '../src/backtest/run-dataset.js';
import type { MutableTick } from '../src/core/model/tick.js';
import { presetParams } from '../src/core/params/presets.js';
import { createSimMarket } from '../src/sim/market/sim-market.js';
import { readRow } from '../src/sim/market/tick-columns.js';
import { perSecond } from './measure.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Median ms of load + run over `passes` timed passes after one warm-up. */
function endToEnd(path: string, passes: number): { ms: number; ticks: number; trades: number } {
  const cards = loadRateCards();
  const params = presetParams('nifty_normal');
  const times: number[] = [];
  let ticks = 0;
  let trades = 0;
  for (let p = 0; p <= passes; p++) {
    const t0 = performance.now();
    const dataset = loadDataset(path);
    const { world } = datasetWorld(dataset, cards, { seed: 1, preset: 'nifty_normal', fill: { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 } });
    const run = runDataset(dataset, params, world, { dates: dataset.dates, capital: 50_000_000 });
    const t1 = performance.now();
    ticks = run.ticks;
    trades = run.trades.length;
    if (p > 0) times.push(t1 - t0);
  }
  return { ms: median(times), ticks, trades };
}

/** Simulated NIFTY days (the whole chain), stored once as binary recordings and once as a tick CSV. */
export async function backtestBench(days = 3, passes = 3): Promise<{ ticks: number; trades: number; replayBinaryTicksPerSec: number; replayCsvTicksPerSec: number }> {
  const root = mkdtempSync(join(tmpdir(), 'backtest-bench-'));
  try {
    const market = createSimMarket(loadSimConfig(), { underlying: 'NIFTY', startDate: '2026-01-05', days, seed: 11 });
    const dir = join(root, 'recordings');
    const rec = new TickRecorder({ dir, universe: market.universe, utcOffsetMin: 330 });
    const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    for (let d = 0; d < days; d++) {
      const cols = market.columnsForDay(d);
      for (let i = 0; i < cols.length; i++) rec.record(readRow(cols, i, tick));
    }
    await rec.close();
    const bin = endToEnd(dir, passes);
    // The same ticks as a tick CSV, written in blocks so the file's text never sits in memory at once.
    const csv = join(root, 'ticks.csv');
    writeFileSync(csv, 'ts_ms,symbol,price,bid,ask,bid_qty,ask_qty\n');
    const sym = market.universe.instruments.map((i) => i.symbol);
    const px = (minor: number): string => (minor / 100).toFixed(2);
    for (let d = 0; d < days; d++) {
      const cols = market.columnsForDay(d);
      let block = '';
      for (let i = 0; i < cols.length; i++) {
        readRow(cols, i, tick);
        const quote = tick.bid > 0 ? `${px(tick.bid)},${px(tick.ask)},${tick.bidQty},${tick.askQty}` : ',,,';
        block += `${tick.ts},${sym[tick.instrument]},${px(tick.ltp)},${quote}\n`;
        if ((i & 0xffff) === 0xffff) {
          appendFileSync(csv, block);
          block = '';
        }
      }
      appendFileSync(csv, block);
    }
    const text = endToEnd(csv, passes);
    return {
      ticks: bin.ticks,
      trades: bin.trades,
      replayBinaryTicksPerSec: perSecond(bin.ticks, bin.ms),
      replayCsvTicksPerSec: perSecond(text.ticks, text.ms),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
