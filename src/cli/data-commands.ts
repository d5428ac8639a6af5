/** `scalper backtest --data …` and `scalper sweep …`: backtests and parameter sweeps on recorded, real or simulated data. */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { runBacktest, type RunBacktestOutput } from '../app/commands/run-backtest.js';
import { codeVersion } from '../adapters/code-version.js';
import type { DatasetFlags } from '../adapters/data/dataset-flags.js';
import { parseDatasetFlags } from '../adapters/data/dataset-flags.js';
import { datasetLoader } from '../adapters/experiments/dataset-loader.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { dbFiles, resolveDbDir } from '../adapters/store/db-paths.js';
import { RunStore } from '../adapters/store/run-store.js';
import { progressBar } from '../adapters/sweep/progress-bar.js';
import { runSweep } from '../adapters/sweep/sweep-pool.js';
import { sessionOverrides } from '../backtest/run-dataset.js';
import { expandSpace, type SweepSpace } from '../backtest/sweep/param-space.js';
import { isPresetName, presetParams } from '../core/params/presets.js';
import { withOverrides } from '../core/params/schema.js';
import { UsageError } from './errors.js';
import { formatBacktest } from './format.js';

export interface DataBacktestArgs {
  readonly data: string;
  readonly flags: DatasetFlags;
  readonly input: Record<string, unknown>;
  readonly dbDir: string | undefined;
  readonly json: boolean;
}

function openRuns(dbDir: string | undefined): RunStore {
  const dir = resolveDbDir({ ...(dbDir === undefined ? {} : { flag: dbDir }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  mkdirSync(dir, { recursive: true });
  return RunStore.open(dbFiles(dir).control);
}

/** Runs (or returns the stored result of) a backtest on a dataset and prints it. */
export function runDataBacktest(a: DataBacktestArgs): void {
  const runs = openRuns(a.dbDir);
  try {
    const loadDataset = datasetLoader(parseDatasetFlags(a.flags));
    const out = runBacktest({ loadDataset, rateCards: loadRateCards(), runs, codeVersion: codeVersion(), now: () => Date.now() }, { ...a.input, data: a.data });
    process.stdout.write(a.json ? `${JSON.stringify(out)}\n` : `${summary(out)}\n`);
  } finally {
    runs.close();
  }
}

function summary(out: RunBacktestOutput): string {
  const m = out.metrics;
  const head = formatBacktest({ ...out, underlying: out.dataset.name, currency: 'INR' }, out.utcOffsetMin).split('\n');
  const cur = out.currency === 'INR' ? '₹' : '$';
  return [
    `${out.dataset.synthetic ? 'SYNTHETIC OPTIONS — ' : ''}${out.dataset.description}`,
    `run ${out.runKey}${out.cached ? ' (stored result)' : ''}; charges: ${out.chargesModel}; currency ${out.currency}`,
    ...head.slice(1).map((l) => (out.currency === 'INR' ? l : l.replaceAll('₹', cur))),
    `trades/day ${m.tradesPerDay}   expectancy ${cur}${m.expectancy.toFixed(2)}   SQN ${m.sqn ?? 'n/a'}   Sharpe ${m.sharpe ?? 'n/a'}   Sortino ${m.sortino ?? 'n/a'}   Calmar ${m.calmar ?? 'n/a'}   max DD ${(m.maxDrawdownPct * 100).toFixed(2)}%   exposure ${(m.exposure * 100).toFixed(1)}%`,
  ].join('\n');
}

/** `a=1,2,3;b=4:10:2` (grid: lists or min:max:step) or `a=3:10;b=x,y` (random: min:max bounds or lists). */
export function parseAxes(flag: string, text: string, kind: 'grid' | 'random'): Record<string, unknown> {
  const axes: Record<string, unknown> = {};
  for (const part of text.split(';').filter((p) => p.trim() !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag}: "${part}" must be name=values`);
    const name = part.slice(0, eq).trim();
    const spec = part.slice(eq + 1).trim();
    const value = (s: string): number | boolean | string => (s === 'true' ? true : s === 'false' ? false : s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
    if (spec.includes(':')) {
      const nums = spec.split(':').map(Number);
      if (nums.some((n) => !Number.isFinite(n))) throw new UsageError(`${flag}: ${name}: a range is min:max${kind === 'grid' ? ':step' : ''} of numbers`);
      if (kind === 'grid') {
        if (nums.length !== 3) throw new UsageError(`${flag}: ${name}: a grid range is min:max:step`);
        axes[name] = { min: nums[0], max: nums[1], step: nums[2] };
      } else {
        if (nums.length !== 2) throw new UsageError(`${flag}: ${name}: a random range is min:max`);
        axes[name] = { min: nums[0], max: nums[1] };
      }
    } else {
      axes[name] = spec.split(',').map(value);
    }
  }
  if (Object.keys(axes).length === 0) throw new UsageError(`${flag}: give at least one parameter`);
  return axes;
}

export interface SweepArgs {
  readonly data: string;
  readonly flags: DatasetFlags;
  readonly preset: string;
  readonly grid: string | undefined;
  readonly random: string | undefined;
  readonly samples: number | undefined;
  readonly seed: number;
  readonly workers: number | undefined;
  readonly json: boolean;
}

/** Expands the space (refusing bad axes before anything runs), runs it on worker threads with a progress bar, prints the results. */
export async function runSweepCommand(a: SweepArgs): Promise<void> {
  if ((a.grid === undefined) === (a.random === undefined)) throw new UsageError('sweep: give exactly one of --grid or --random');
  if (a.grid !== undefined && a.samples !== undefined) throw new UsageError('--samples: only a --random sweep draws samples; a --grid sweep runs every combination');
  if (!isPresetName(a.preset)) throw new UsageError(`--preset: unknown preset ${a.preset}`);
  const dataset = datasetLoader(parseDatasetFlags(a.flags))(a.data);
  const base = withOverrides(presetParams(a.preset), sessionOverrides(dataset));
  const space: SweepSpace =
    a.grid !== undefined
      ? { kind: 'grid', axes: parseAxes('--grid', a.grid, 'grid') }
      : { kind: 'random', axes: parseAxes('--random', a.random!, 'random'), samples: a.samples ?? 20, seed: a.seed };
  const expanded = expandSpace(base, space);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    const workers = a.workers ?? Math.max(1, Math.min(availableParallelism(), 8));
    const results = await runSweep({
      dataset,
      world: { rateCards: loadRateCards(), fill: { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 }, seed: a.seed, preset: a.preset },
      base,
      combos: expanded.combos,
      workers,
      onProgress: progressBar(process.stderr),
      signal: controller.signal,
    });
    if (a.json) {
      process.stdout.write(`${JSON.stringify({ dataset: dataset.name, synthetic: dataset.synthetic, total: expanded.total, invalid: expanded.invalid, results })}\n`);
      return;
    }
    const sorted = [...results].sort((x, y) => y.netPnl - x.netPnl || x.index - y.index);
    process.stdout.write(`${dataset.synthetic ? 'SYNTHETIC OPTIONS — ' : ''}${dataset.description}: ${results.length} combos (${expanded.invalid.length} skipped: break a cross-field rule), ${workers} worker(s)\n`);
    for (const r of sorted.slice(0, 20)) {
      process.stdout.write(`#${r.index} net ${(r.netPnl / 100).toFixed(2)} trades ${r.trades} win ${(r.winRate * 100).toFixed(1)}% PF ${r.profitFactor?.toFixed(2) ?? 'n/a'}  ${JSON.stringify(r.overrides)}\n`);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
