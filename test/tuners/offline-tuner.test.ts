/** The offline tuner end to end: its search as a job on the worker pool (in-sample and out-of-sample side by side), and a search tuned to noise failing governance's real gate. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetLoader } from '../../src/adapters/experiments/dataset-loader.js';
import { openGovernance } from '../../src/adapters/governance/open-governance.js';
import { runOnDataset } from '../../src/app/commands/run-backtest.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../../src/app/governance/governance-settings.js';
import type { GovernedEngine, ProposalView } from '../../src/app/governance/governance.js';
import { checkDiff } from '../../src/app/governance/proposal-checks.js';
import { createOfflineTuner, type OfflineSearchOptions } from '../../src/app/tuners/offline/offline-tuner.js';
import { OFFLINE_FIELDS } from '../../src/app/tuners/offline/offline-fields.js';
import type { OfflineTuneOutput } from '../../src/app/tuners/offline/offline-tune-job.js';
import type { TunerContext } from '../../src/app/tuners/tuner.js';
import { paramsVersion } from '../../src/core/params/params-version.js';
import { presetParams } from '../../src/core/params/presets.js';
import type { Params } from '../../src/core/params/schema.js';
import { jobHarness, type JobHarness } from '../jobs/job-harness.js';
import { rateCards, simConfig } from '../runtime/agent-harness.js';

// Long simulated searches on a shared machine: no tight timeout (nothing here is timed).
const LONG = 15 * 60_000;

let jobs: JobHarness;
beforeAll(() => {
  jobs = jobHarness(1);
});
afterAll(async () => {
  await jobs.close();
});

/** An engine that only holds a parameter set (governance reads and swaps it). */
function fakeEngine(params: Params): GovernedEngine & { params: Params } {
  const e = {
    params,
    currentParams: () => e.params,
    status: () => ({ paramsVersion: paramsVersion(e.params), preset: 'nifty_normal' }),
    feedClock: () => ({ ts: 0 }),
    applyParams: (p: Params) => void (e.params = p),
  };
  return e;
}

const context = (params: Params, lastDate: string): TunerContext => ({ params, paramsVersion: paramsVersion(params), preset: 'nifty_normal', maxStepFraction: 0.25, closedTrades: 0, lastDate });

const tunerWith = (search: OfflineSearchOptions) =>
  createOfflineTuner({
    jobs: jobs.service,
    recordings: () => ({ dir: join(jobs.at.dir, 'recordings'), dates: [] }),
    sim: () => ({ seed: 1, after: '2026-01-05' }),
    simConfig,
    gateDays: () => DEFAULT_GOVERNANCE_SETTINGS.gateDays,
    now: () => Date.now(),
    search,
  });

const jobOf = (notes: readonly string[]): string => /search job (\S+)/.exec(notes.join('\n'))![1]!;

describe('the offline tuner on a seeded simulated month', () => {
  it(
    'runs as a tune-offline job on the pool and reports each window in sample and out of sample, the search beside the set in force',
    async () => {
      const params = presetParams('nifty_normal');
      const { proposals, record } = await tunerWith({ fields: ['momentumTicks', 'slPoints'], searchDays: 21 }).run(context(params, '2026-02-03'), new AbortController().signal);
      expect(record.provider).toBe('offline');
      expect(['proposed', 'nothing']).toContain(record.outcome);
      const job = jobs.service.get(jobOf(record.notes));
      expect(job.kind).toBe('tune-offline');
      expect(job.state).toBe('done');
      const out = job.result as OfflineTuneOutput;

      // 21 simulated dates ending on 2026-02-03, trimmed to 20 so that two 10 + 5 windows end on the last one.
      expect(out.dataset).toMatch(/^sim:NIFTY:1:\d{4}-\d{2}-\d{2}:21$/);
      expect(out.dates).toMatchObject({ last: '2026-02-03', days: 20 });
      expect(out.fittedTo).toBe('2026-02-03');
      expect(out.windows).toHaveLength(2);
      expect(out.windows[1]!.test.last).toBe(out.fittedTo);
      for (const w of out.windows) {
        expect(w.train.days).toBe(10);
        expect(w.test.days).toBe(5);
        expect(w.inSample.current.days).toBe(10);
        expect(w.outOfSample.current.days).toBe(5);
        expect(w.inSample.tuned?.days).toBe(10);
        expect(w.outOfSample.tuned?.days).toBe(5);
      }
      // The set in force's out-of-sample figures are those of a backtest on the same dates.
      const w0 = out.windows[0]!;
      const noCache = { get: () => undefined, put: () => undefined };
      const bt = runOnDataset(
        { loadDataset: datasetLoader(), rateCards, runs: noCache, codeVersion: 'test', now: () => 0 },
        { data: out.dataset, from: w0.test.first, to: w0.test.last, preset: 'nifty_normal', overrides: {}, latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25, capital: 500_000 },
      );
      expect(w0.outOfSample.current.trades).toBe(bt.trades.length);
      expect(Number(w0.outOfSample.current.netPnl)).toBe(bt.metrics.netPnl);
      // The summary: every test date, the search's picks beside the set in force.
      expect(out.outOfSample.current.days).toBe(10);
      expect(out.outOfSample.current.trades).toBe(out.windows.reduce((n, w) => n + w.outOfSample.current.trades, 0));
      expect(out.outOfSample.tuned.trades).toBe(out.windows.reduce((n, w) => n + (w.outOfSample.tuned?.trades ?? 0), 0));
      expect(out.inSample.current.days).toBe(20);
      expect(record.notes.some((n) => n.startsWith('in sample: search'))).toBe(true);
      expect(record.notes.some((n) => n.startsWith('out of sample: search'))).toBe(true);

      // It proposes exactly when the last window picked a move and the search beat the set in force out of sample.
      const gained = Number(out.outOfSample.tuned.netPnl) > Number(out.outOfSample.current.netPnl);
      const picked = out.windows[1]!.chosen;
      expect(record.outcome === 'proposed').toBe(picked !== null && picked.index !== 0 && gained);
      if (record.outcome === 'proposed') {
        expect(proposals).toHaveLength(1);
        expect(proposals[0]!.diff).toEqual(picked!.overrides);
        expect(proposals[0]!.fittedTo).toBe('2026-02-03');
        expect(() => checkDiff(params, proposals[0]!.diff, 0.25)).not.toThrow();
      }

      // The same search again is the same job (its run key): deterministic and served at once.
      const again = await tunerWith({ fields: ['momentumTicks', 'slPoints'], searchDays: 21 }).run(context(params, '2026-02-03'), new AbortController().signal);
      expect(jobOf(again.record.notes)).toBe(job.id);
      expect(again.proposals).toEqual(proposals);
    },
    LONG,
  );
});

describe('a search tuned to noise', () => {
  it(
    'is proposed (best of dozens of moves on one day, the out-of-sample check off) and fails the real gate on the days after its fit',
    async () => {
      const params = presetParams('nifty_normal');
      const engine = fakeEngine(params);
      const gov = openGovernance({
        controlPath: jobs.controlPath,
        engine,
        mode: () => 'paper',
        now: () => Date.now(),
        jobs: jobs.service,
        recordingsDir: join(jobs.at.dir, 'recordings'),
        sim: () => ({ seed: 1, after: '2026-01-05' }),
      });
      try {
        const overfit = tunerWith({ fields: [...OFFLINE_FIELDS], searchDays: 2, trainDays: 1, testDays: 1, minTrades: 1, requireOutOfSampleGain: false });
        const { proposals, record } = await overfit.run(context(params, '2026-01-09'), new AbortController().signal);
        expect(record.outcome).toBe('proposed');
        const out = jobs.service.get(jobOf(record.notes)).result as OfflineTuneOutput;
        expect(out.candidates.length).toBeGreaterThan(40);
        // In sample the pick looked better than the set in force: that is what it was chosen for.
        expect(Number(out.windows[0]!.inSample.tuned!.netPnl)).toBeGreaterThan(Number(out.windows[0]!.inSample.current.netPnl));
        const p = proposals[0]!;
        expect(p.fittedTo).toBe('2026-01-09');

        const made = gov.governance.propose({ diff: p.diff, rationale: p.rationale, fittedTo: p.fittedTo ?? undefined }, 'offline', 'offline-tuner').proposal;
        expect(made.source).toBe('offline');
        expect(made.rationale.untrusted).toBe(true);
        await jobs.settled(made.gateJob!);
        let gated: ProposalView = gov.governance.get(made.id);
        while (gated.status === 'gating') {
          await new Promise((resolve) => setTimeout(resolve, 20));
          gated = gov.governance.get(made.id);
        }
        expect(gated.status).toBe('gate_failed');
        const gate = gated.gate as { window: { startDate: string; days: number }; passed: boolean; current: { trades: number } };
        expect(gate.passed).toBe(false);
        // The gate tested on simulated days after the fit: none of them was searched.
        expect(gate.window).toMatchObject({ startDate: '2026-01-10', days: DEFAULT_GOVERNANCE_SETTINGS.gateDays });
        expect(gate.current.trades).toBeGreaterThan(0);
      } finally {
        gov.close();
      }
    },
    LONG,
  );
});
