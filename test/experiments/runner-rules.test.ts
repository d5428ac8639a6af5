import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExperimentStore } from '../../src/adapters/store/experiment-store.js';
import type { StageMetrics, StageResult } from '../../src/experiments/experiment-idea.js';
import { ExperimentRunner } from '../../src/experiments/experiment-runner.js';
import { leaderboard } from '../../src/experiments/leaderboard.js';

const dir = mkdtempSync(join(tmpdir(), 'scalper-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = ExperimentStore.open(join(dir, 'control.sqlite'));

const metrics = (netPnlPerTrade: number, trades = 10): StageMetrics => ({
  trades,
  netPnl: netPnlPerTrade * trades,
  netPnlPerTrade,
  winRate: 0.5,
  profitFactor: 1,
  sharpe: null,
  sqn: null,
  runKey: 'rk-x',
});
const stage = (candidate: number, baseline: number): StageResult => ({ dates: ['2026-01-05'], candidate: metrics(candidate), baseline: metrics(baseline), difference: null });

/** Scripted evidence per title: [quick candidate, quick baseline, validation candidate, validation baseline]. */
const script: Record<string, [number, number, number, number] | 'throw'> = {
  winner: [50, 10, 40, 5],
  'fades out of sample': [50, 10, -3, 5],
  'loses money': [-5, -20, 0, 0],
  'below baseline': [5, 10, 0, 0],
  broken: 'throw',
};

describe('experiment runner rules', () => {
  it('moves each idea through pending → running → passed_quick/rejected → validated/failed_validation', async () => {
    let ts = 0;
    for (const title of Object.keys(script)) {
      store.submit(
        { title, hypothesis: 'h', overrides: {}, basePreset: 'nifty_normal', dataset: 'sim:NIFTY:1:2026-01-05:2', targetMetric: 'netPnlPerTrade', budget: { quickFraction: 0.5 }, submitter: 't', idempotencyKey: title },
        'human',
        ts++,
      );
    }
    const runner = new ExperimentRunner(
      store,
      (exp, s) => {
        const e = script[exp.title]!;
        if (e === 'throw') return Promise.reject(new Error('dataset: file not found'));
        return Promise.resolve(s === 'quick' ? stage(e[0], e[1]) : stage(e[2], e[3]));
      },
      () => ts++,
      { log: () => undefined },
    );
    expect(await runner.drain()).toBe(7); // five quick tests, two validations
    const status = Object.fromEntries(store.list().map((e) => [e.title, [e.status, e.reason]]));
    expect(status).toEqual({
      winner: ['validated', 'out-of-sample netPnlPerTrade 40 > baseline 5'],
      'fades out of sample': ['failed_validation', 'out-of-sample net P&L per trade -3.00 paise is not positive'],
      'loses money': ['rejected', 'net P&L per trade -5.00 paise is not positive'],
      'below baseline': ['rejected', 'netPnlPerTrade 5 is below the baseline\'s 10'],
      broken: ['error', 'dataset: file not found'],
    });
    expect(leaderboard(store.list()).map((r) => [r.title, r.validationEdge])).toEqual([['winner', 35]]);
  });

  it('puts work interrupted by a crash back in its queue', () => {
    store.submit(
      { title: 'late', hypothesis: 'h', overrides: {}, basePreset: 'nifty_normal', dataset: 'sim:NIFTY:1:2026-01-05:2', targetMetric: 'netPnlPerTrade', budget: { quickFraction: 0.5 }, submitter: 't', idempotencyKey: 'late' },
      'human',
      100,
    );
    const claimed = store.claim('pending', 'running', 101)!;
    expect(claimed.status).toBe('running');
    expect(store.requeueInterrupted(102)).toBe(1);
    expect(store.get(claimed.id)!.status).toBe('pending');
  });
});
