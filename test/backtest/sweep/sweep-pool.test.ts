/** A real sweep on worker threads over a simulated day: identical results on 1 and 2 workers and in-process, progress, cancellation. */
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRateCards } from '../../../src/adapters/rate-cards.js';
import { loadSimConfig } from '../../../src/adapters/sim-config-file.js';
import { activeSweepWorkers, runSweep, type SweepInput, type SweepWorldOptions } from '../../../src/adapters/sweep/sweep-pool.js';
import { sweepWorld } from '../../../src/adapters/sweep/sweep-world.js';
import { simDataset } from '../../../src/app/sim-dataset.js';
import { createSimWorld } from '../../../src/app/sim-world.js';
import type { ReplayDataset } from '../../../src/backtest/dataset.js';
import { runColumns } from '../../../src/backtest/run-days.js';
import { expandSpace, type SweepCombo } from '../../../src/backtest/sweep/param-space.js';
import { runCombo, type SweepResult } from '../../../src/backtest/sweep/run-combo.js';
import { tradeLogHash } from '../../../src/backtest/sweep/trade-log-hash.js';
import { paramsVersion } from '../../../src/core/params/params-version.js';
import { presetParams } from '../../../src/core/params/presets.js';
import { InvalidParamsError, withOverrides } from '../../../src/core/params/schema.js';
import type { SimConfig } from '../../../src/sim/market/sim-config.js';

const SEED = 3;
const FILL = { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 } as const;
const base = presetParams('nifty_normal');

let config: SimConfig;
let dataset: ReplayDataset;
let world: SweepWorldOptions;
let combos: readonly SweepCombo[];

beforeAll(() => {
  config = loadSimConfig();
  dataset = simDataset(config, `sim:NIFTY:${SEED}:2026-01-05:1`);
  world = { rateCards: loadRateCards(), fill: FILL, seed: SEED, preset: 'nifty_normal' };
  combos = expandSpace(base, { kind: 'grid', axes: { slPoints: [4, 6], trailGapPts: [1.5, 3], momentumTicks: [6, 8] } }).combos;
});

const input = (workers: number, extra: Partial<SweepInput> = {}): SweepInput => ({ dataset, world, base, combos, workers, ...extra });

describe('runSweep', () => {
  let one: SweepResult[];
  let two: SweepResult[];

  beforeAll(async () => {
    one = await runSweep(input(1));
    two = await runSweep(input(2));
  });

  it('wraps the simulated day as an INR/IST dataset', () => {
    expect(dataset.dates).toEqual(['2026-01-05']);
    expect(dataset.days[0]!.length).toBeGreaterThan(100_000);
    expect(dataset.chains.get('2026-01-05')?.strikes.length).toBeGreaterThan(0);
    expect(dataset.profile).toEqual({ currency: 'INR', utcOffsetMin: 330, sessionOpen: '09:15', sessionClose: '15:30', optionExchange: 'NFO' });
  });

  it('gives identical results on 1 and 2 workers, tradeLogHash included, sorted by combo index', () => {
    expect(one).toHaveLength(8);
    expect(one.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(two).toEqual(one);
    expect(isDeepStrictEqual(two, one)).toBe(true);
    // The combos really differ, so equal results are not an accident of a dull grid.
    expect(new Set(one.map((r) => r.tradeLogHash)).size).toBeGreaterThanOrEqual(4);
    expect(one.every((r) => r.trades > 0)).toBe(true);
  });

  it('equals runColumns in-process on the simulator world for the same parameters', () => {
    const { world: simWorld } = createSimWorld(config, world.rateCards, {
      underlying: 'NIFTY',
      startDate: '2026-01-05',
      days: 1,
      seed: SEED,
      preset: 'nifty_normal',
      fill: FILL,
    });
    for (const r of one) {
      const params = withOverrides(base, r.overrides);
      const { trades, metrics } = runColumns(params, dataset.days, simWorld);
      expect(r).toEqual({
        index: r.index,
        overrides: combos.find((c) => c.index === r.index)!.overrides,
        paramsVersion: paramsVersion(params),
        trades: metrics.trades,
        netPnl: metrics.netPnl,
        grossPnl: metrics.grossPnl,
        charges: metrics.charges,
        winRate: metrics.winRate,
        profitFactor: metrics.profitFactor,
        maxDrawdown: metrics.maxDrawdown,
        tradeLogHash: tradeLogHash(trades),
      });
    }
  });

  it('equals runCombo run in this thread on the world the workers rebuild', () => {
    const rebuilt = sweepWorld(dataset, { rateCards: world.rateCards.map((c) => c.card), fill: FILL, seed: SEED, preset: 'nifty_normal' });
    expect(combos.map((c) => runCombo(base, c.overrides, dataset.days, rebuilt, c.index))).toEqual(one);
  });

  it('reports progress from 0 to the total, one combo at a time', async () => {
    const calls: [number, number][] = [];
    await runSweep(input(2, { combos: combos.slice(0, 4), onProgress: (done, total) => calls.push([done, total]) }));
    expect(calls).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(activeSweepWorkers()).toBe(0);
  });

  it('runs with more workers than combos, and with no combos at all', async () => {
    const results = await runSweep(input(4, { combos: combos.slice(6) }));
    expect(results).toEqual(one.slice(6));
    expect(await runSweep(input(2, { combos: [] }))).toEqual([]);
    expect(activeSweepWorkers()).toBe(0);
  });

  it('cancels mid-sweep: rejects with an AbortError, returns nothing, leaves no worker running', async () => {
    const many = expandSpace(base, { kind: 'random', axes: { slPoints: { min: 3, max: 8 }, momentumTicks: { min: 5, max: 9 } }, samples: 60, seed: 9 }).combos;
    const controller = new AbortController();
    let last = 0;
    const run = runSweep(
      input(2, {
        combos: many,
        signal: controller.signal,
        onProgress: (done) => {
          last = done;
          if (done === 2) controller.abort();
        },
      }),
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'sweep cancelled' });
    expect(last).toBeGreaterThanOrEqual(2);
    expect(last).toBeLessThan(many.length);
    expect(activeSweepWorkers()).toBe(0);
  });

  it('refuses an already aborted signal before starting any worker', async () => {
    const controller = new AbortController();
    controller.abort();
    let called = false;
    await expect(runSweep(input(2, { signal: controller.signal, onProgress: () => (called = true) }))).rejects.toMatchObject({ name: 'AbortError' });
    expect(called).toBe(false);
    expect(activeSweepWorkers()).toBe(0);
  });

  it('refuses bad input before starting any worker', async () => {
    await expect(runSweep(input(0))).rejects.toThrow('workers must be a whole number ≥ 1, got 0');
    await expect(runSweep(input(1, { combos: [{ index: 0, overrides: { tpPoints: 2, slPoints: 5 } }] }))).rejects.toBeInstanceOf(InvalidParamsError);
    await expect(runSweep(input(1, { combos: [combos[0]!, combos[0]!] }))).rejects.toThrow('combo index 0 appears twice');
    await expect(runSweep(input(1, { world: { ...world, rateCardId: 'no-such-card' } }))).rejects.toThrow('rateCard: no card with id no-such-card');
    await expect(runSweep(input(1, { world: { ...world, fill: { ...FILL, slippageProbability: 2 } } }))).rejects.toThrow('slippageProbability');
    expect(activeSweepWorkers()).toBe(0);
  });

  it('rejects with the failing combo when a worker throws, and stops every worker', async () => {
    // An instrument id outside the universe is an invariant failure inside the kernel run.
    const bad = dataset.days[0]!;
    const broken = { ...bad, instrument: bad.instrument.map((id, i) => (i === 1000 ? 999_999 : id)) };
    const run = runSweep(input(2, { dataset: { ...dataset, days: [broken] }, combos: combos.slice(0, 3) }));
    await expect(run).rejects.toThrow(/^sweep combo \d: tick for unknown instrument/);
    expect(activeSweepWorkers()).toBe(0);
  });
});
