/** Kernel benchmark: the full tick path (features, rules, risk, paper fills, event log to memory) on simulated ticks. */
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { createSimWorld, dateKeyedStrikeSource } from '../src/app/sim-world.js';
import { runColumns } from '../src/backtest/run-days.js';
import { presetParams } from '../src/core/params/presets.js';
import type { TickColumns } from '../src/sim/market/tick-columns.js';
import { measure, perSecond } from './measure.js';
import { rawEmaStreak } from './raw-loop.js';

export interface KernelBenchResult {
  readonly ticks: number;
  readonly trades: number;
  readonly kernelTicksPerSec: number;
  /** Same kernel on a stream of only the index and one CE/PE pair, so every tick runs the strategy path. */
  readonly strategyPathTicks: number;
  readonly strategyPathTicksPerSec: number;
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

function filterColumns(c: TickColumns, keep: ReadonlySet<number>): TickColumns {
  const idx: number[] = [];
  for (let i = 0; i < c.length; i++) if (keep.has(c.instrument[i]!)) idx.push(i);
  const pick = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
    const out = make(idx.length);
    idx.forEach((src, j) => (out[j] = a[src]!));
    return out;
  };
  const f64 = (n: number): Float64Array => new Float64Array(n);
  return {
    length: idx.length,
    ts: pick(c.ts, f64),
    instrument: pick(c.instrument, (n) => new Int32Array(n)),
    ltp: pick(c.ltp, f64),
    bid: pick(c.bid, f64),
    ask: pick(c.ask, f64),
    bidQty: pick(c.bidQty, f64),
    askQty: pick(c.askQty, f64),
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
  // Strategy-path variant: keep only the index and each day's opening at-the-money CE/PE, and offer only that strike.
  const focus = market.tradingDates.map((_, d) => {
    const chain = market.chainForDay(d);
    const row = chain.strikes.find((r) => r.strike === chain.atmAtOpen) ?? chain.strikes[0]!;
    return { chain: { expiryDate: chain.expiryDate, strikes: [row] }, keep: new Set([market.indexInstrumentId, row.ce, row.pe]) };
  });
  const focusCols = cols.map((c, d) => filterColumns(c, focus[d]!.keep));
  const focusTicks = focusCols.reduce((n, c) => n + c.length, 0);
  const offset = market.universe.instruments[market.indexInstrumentId]!.utcOffsetMin;
  const focusWorld = {
    ...world,
    strikes: dateKeyedStrikeSource(new Map(market.tradingDates.map((date, d) => [date, focus[d]!.chain])), offset),
  };
  const strategy = measure(passes, () => {
    runColumns(params, focusCols, focusWorld);
  });
  let sink = 0;
  const raw = measure(passes, () => {
    sink += rawEmaStreak(prices);
  });
  if (Number.isNaN(sink)) throw new Error('raw loop checksum is NaN');
  const kernelTicksPerSec = perSecond(ticks, kernel.medianMs);
  const rawTicksPerSec = perSecond(ticks, raw.medianMs);
  return {
    ticks,
    trades,
    kernelTicksPerSec,
    strategyPathTicks: focusTicks,
    strategyPathTicksPerSec: perSecond(focusTicks, strategy.medianMs),
    rawTicksPerSec,
    ratio: Math.round((rawTicksPerSec / kernelTicksPerSec) * 100) / 100,
  };
}
