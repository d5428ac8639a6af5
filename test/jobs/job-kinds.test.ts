/** The other job kinds on real workers: a backtest on a dataset gives runBacktest's result (and its error vocabulary), a sweep gives the sweep pool's results. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { RunStore } from '../../src/adapters/store/run-store.js';
import { runSweep } from '../../src/adapters/sweep/sweep-pool.js';
import { codeVersion } from '../../src/adapters/code-version.js';
import { runBacktest, type DataBacktestOutput, type RunCache } from '../../src/app/commands/run-backtest.js';
import { SWEEP_FILL, type RunSweepOutput } from '../../src/app/jobs/sweep-job.js';
import { simDataset } from '../../src/app/sim-dataset.js';
import { sessionOverrides } from '../../src/backtest/run-dataset.js';
import { expandSpace } from '../../src/backtest/sweep/param-space.js';
import { presetParams } from '../../src/core/params/presets.js';
import { withOverrides } from '../../src/core/params/schema.js';
import type { JobView } from '../../src/app/jobs/job-types.js';
import { jobHarness, type JobHarness } from './job-harness.js';

const SIM1 = 'sim:NIFTY:3:2026-01-05:1';
const SPACE = { kind: 'grid', axes: { slPoints: [4, 6] } } as const;

let h: JobHarness;
let backtest: JobView;
let emptyWindow: JobView;
let sweep: JobView;

beforeAll(async () => {
  h = jobHarness(1);
  backtest = h.service.submit('backtest', { data: SIM1 }, 'tester');
  emptyWindow = h.service.submit('backtest', { data: SIM1, from: '2027-01-01' }, 'tester');
  sweep = h.service.submit('sweep', { data: SIM1, space: SPACE }, 'tester');
  backtest = await h.settled(backtest.id);
  emptyWindow = await h.settled(emptyWindow.id);
  sweep = await h.settled(sweep.id);
}, 300_000);

afterAll(() => h.close());

const memoryCache = (): RunCache => {
  const m = new Map<string, string>();
  return { get: (k) => (m.has(k) ? { resultJson: m.get(k)! } : undefined), put: (r) => void m.set(r.runKey, r.resultJson) };
};

describe('a backtest job on a dataset', () => {
  it('has the result runBacktest gives for the same input, and stores it where `scalper backtest --data` finds it', () => {
    expect(backtest.state).toBe('done');
    const result = h.service.get(backtest.id).result as DataBacktestOutput;
    const direct = runBacktest({ loadDataset: (ref) => simDataset(loadSimConfig(), ref), rateCards: loadRateCards(), runs: memoryCache(), codeVersion: codeVersion(), now: () => 0 }, { data: SIM1 });
    expect(direct.trades.length).toBeGreaterThan(0);
    expect(result).toEqual(direct);
    const runs = RunStore.open(h.controlPath);
    try {
      expect(runs.get(direct.runKey)).toBeDefined();
    } finally {
      runs.close();
    }
  });

  it('fails with the error vocabulary when the work itself refuses the input (no dates in the window)', () => {
    expect(emptyWindow.state).toBe('failed');
    expect(emptyWindow.error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'from' }] });
    expect(emptyWindow.error?.message).toMatch(/no dates of sim:NIFTY:3:2026-01-05:1 in the window/);
    expect(h.service.get(emptyWindow.id).result).toBeNull();
    expect(h.internal).toEqual([]);
  });
});

describe('a sweep job', () => {
  it('has the results of the sweep pool (`scalper sweep`) for the same space, seed and fills', async () => {
    expect(sweep.state).toBe('done');
    const result = h.service.get(sweep.id).result as RunSweepOutput;
    const dataset = simDataset(loadSimConfig(), SIM1);
    const base = withOverrides(presetParams('nifty_normal'), sessionOverrides(dataset));
    const expanded = expandSpace(base, SPACE);
    const pool = await runSweep({ dataset, world: { rateCards: loadRateCards(), fill: SWEEP_FILL, seed: 3, preset: 'nifty_normal' }, base, combos: expanded.combos, workers: 1 });
    expect(result).toEqual({ dataset: SIM1, synthetic: false, seed: 3, total: 2, invalid: [], results: pool });
    expect(new Set(pool.map((r) => r.tradeLogHash)).size).toBe(2);
  });

  it('reported its progress combo by combo', () => {
    const messages = h.of(sweep.id).map((e) => e.job.progress.message);
    expect(messages).toEqual(expect.arrayContaining([`loading ${SIM1}`, 'combo 1 of 2', 'combo 2 of 2', 'done']));
  });
});
