/** Kernel benchmark: the full tick path (features, rules, risk, paper fills, event log to memory) on simulated ticks. */
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { createSimWorld } from '../src/app/sim-world.js';
import { runColumns } from '../src/backtest/run-days.js';
import { presetParams } from '../src/core/params/presets.js';
import type { TickColumns } from '../src/sim/market/tick-columns.js';
import { measure, perSecond } from './measure.js';
import { rawEmaStreak } from './raw-loop.js';

export interface KernelBenchResult {
  readonly ticks: number;
  readonly trades: number;
  readonly kernelTicksPerSec: number;
  readonly rawTicksPerSec: number;
  readonly ratio: number;
}

function copyColumns(c: TickColumns): TickColumns {
  return {
    length: c.length,
    ts: c.ts.slice(),
    instrument: c.instrument.slice(),
    ltp: c.ltp.slice(),
    bid: c.bid.slice(),
    ask: c.ask.slice(),
    bidQty: c.bidQty.slice(),
    askQty: c.askQty.slice(),
  };
}

export function kernelBench(days: number, passes: number): KernelBenchResult {
  const { market, world } = createSimWorld(loadSimConfig(), loadRateCards(), {
    underlying: 'NIFTY',
    startDate: '2026-01-05',
    days,
    seed: 42,
    preset: 'nifty_normal',
    fill: { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 },
  });
  // Generation is not timed: the simulator caches only its last day, so keep copies.
  const cols = market.tradingDates.map((_, i) => copyColumns(market.columnsForDay(i)));
  const ticks = cols.reduce((n, c) => n + c.length, 0);
  const prices = new Float64Array(ticks);
  let o = 0;
  for (const c of cols) {
    prices.set(c.ltp, o);
    o += c.length;
  }
  const params = presetParams('nifty_normal');
  let trades = 0;
  const kernel = measure(passes, () => {
    trades = runColumns(params, cols, world).trades.length;
  });
  let sink = 0;
  const raw = measure(passes, () => {
    sink += rawEmaStreak(prices);
  });
  if (Number.isNaN(sink)) throw new Error('raw loop checksum is NaN');
  const kernelTicksPerSec = perSecond(ticks, kernel.medianMs);
  const rawTicksPerSec = perSecond(ticks, raw.medianMs);
  return { ticks, trades, kernelTicksPerSec, rawTicksPerSec, ratio: Math.round((rawTicksPerSec / kernelTicksPerSec) * 100) / 100 };
}
