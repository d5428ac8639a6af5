/** `scalper walk-forward` and `scalper compare`: help, the same JSON as their job use cases, refused flags named, nothing created. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetLoader } from '../../src/adapters/experiments/dataset-loader.js';
import { runTask } from '../../src/adapters/jobs/run-task.js';
import { runWalkForwardJob } from '../../src/app/jobs/walk-forward-job.js';
import { rateCards } from '../runtime/agent-harness.js';
import { scalper } from './in-process.js';

const root = mkdtempSync(join(tmpdir(), 'scalper-validation-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scalper walk-forward', () => {
  it('has help', async () => {
    const r = await scalper(['walk-forward', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: scalper walk-forward/);
    expect((await scalper(['--help'])).stdout).toMatch(/^ {2}walk-forward /m);
  });

  it('prints the JSON of the walk-forward job’s use case', async () => {
    const r = await scalper(['walk-forward', '--data', 'sim:NIFTY:7:2026-01-05:3', '--grid', 'momentumTicks=6,8', '--train-days', '2', '--test-days', '1', '--objective', 'expectancy', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const expected = runWalkForwardJob(
      { loadDataset: datasetLoader(), rateCards },
      { data: 'sim:NIFTY:7:2026-01-05:3', space: { kind: 'grid', axes: { momentumTicks: [6, 8] } }, trainDays: 2, testDays: 1, objective: 'expectancy' },
    );
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it.each([
    [['--grid', 'momentumTicks=6', '--test-days', '1'], '--train-days'],
    [['--grid', 'momentumTicks=6', '--train-days', '3', '--test-days', '1'], '--train-days'],
    [['--grid', 'momentumTicks=6', '--train-days', '1', '--test-days', '2', '--step-days', '1'], '--step-days'],
    [['--grid', 'momentumTicks=1', '--train-days', '2', '--test-days', '1'], '--grid momentumTicks'],
    [['--grid', 'momentumTicks=6', '--train-days', '2', '--test-days', '1', '--objective', 'best'], '--objective'],
    [['--grid', 'momentumTicks=6', '--train-days', '2', '--test-days', '1', '--seed', '8'], '--seed'],
  ])('refuses %j naming %s', async (args, flag) => {
    const r = await scalper(['walk-forward', '--data', 'sim:NIFTY:7:2026-01-05:3', ...args, '--json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe(flag);
  });
});

describe('scalper compare', () => {
  const a = { days: 1, seed: 4 };
  const b = { days: 1, seed: 4, overrides: { momentumTicks: 9 } };

  it('has help', async () => {
    const r = await scalper(['compare', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: scalper compare/);
  });

  it('prints the comparison job’s result for two specs (one from a file) and creates nothing', async () => {
    const dir = join(root, 'compare');
    const file = join(root, 'b.json');
    writeFileSync(file, JSON.stringify(b));
    const r = await scalper(['compare', '--a', JSON.stringify(a), '--b', `@${file}`, '--seed', '3', '--resamples', '300', '--json', '--db-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { a: { source: string; runKey: string }; b: { source: string; runKey: string }; resamples: number; seed: number };
    expect(out).toMatchObject({ a: { source: 'backtest' }, b: { source: 'backtest' }, resamples: 300, seed: 3 });
    const expected = runTask(
      { work: 'compare', input: { a: { runKey: out.a.runKey, task: { work: 'sim-backtest', input: a } }, b: { runKey: out.b.runKey, task: { work: 'sim-backtest', input: b } }, seed: 3, resamples: 300, confidence: 0.95 } },
      () => undefined,
      join(dir, 'control.sqlite'),
    );
    expect(out).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(existsSync(dir)).toBe(false);
  });

  it.each([
    [['--b', JSON.stringify(b)], '--a'],
    [['--a', '{"days":0}', '--b', JSON.stringify(b)], '--a backtest.days'],
    [['--a', '{nope', '--b', JSON.stringify(b)], '--a'],
    [['--a', 'job_missing', '--b', JSON.stringify(b)], '--a job'],
    [['--a', JSON.stringify(a), '--b', JSON.stringify(b), '--confidence', '1.5'], '--confidence'],
  ])('refuses %j naming %s, creating nothing', async (args, flag) => {
    const dir = join(root, `bad-${flag.replace(/\W/g, '')}`);
    const r = await scalper(['compare', ...args, '--json', '--db-dir', dir]);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe(flag);
    expect(existsSync(dir)).toBe(false);
  });
});
