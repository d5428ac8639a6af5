/** `scalper sweep`: a grid or random parameter sweep on worker threads; the space, the seed and the dataset are checked before anything runs. */
import { availableParallelism } from 'node:os';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { runSweep, SweepAbortedError } from '../adapters/sweep/sweep-pool.js';
import { fillSeedOf } from '../app/commands/run-backtest.js';
import { sessionOverrides } from '../backtest/run-dataset.js';
import { expandSpace, type SweepSpace } from '../backtest/sweep/param-space.js';
import { SweepSpaceError } from '../backtest/sweep/sweep-space-error.js';
import { isPresetName, presetParams, PRESET_NAMES } from '../core/params/presets.js';
import { withOverrides } from '../core/params/schema.js';
import { boundedWhole, parseFlags, withFlagNames } from './args.js';
import { checkedLoader, DATA_FLAGS } from './datasets.js';
import { Interrupted, usageError } from './errors.js';
import type { CliIo } from './io.js';
import { progressFor } from './progress.js';

const OPTIONS = {
  data: { type: 'string' },
  preset: { type: 'string' },
  grid: { type: 'string' },
  random: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  ...DATA_FLAGS,
} as const;

/** `a=1,2,3;b=4:10:2` (grid: lists or min:max:step) or `a=3:10;b=x,y` (random: min:max bounds or lists). */
export function parseAxes(flag: string, text: string, kind: 'grid' | 'random'): Record<string, unknown> {
  const axes: Record<string, unknown> = {};
  for (const part of text.split(';').filter((p) => p.trim() !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw usageError(flag, `"${part.trim().slice(0, 40)}" must be name=values`);
    const name = part.slice(0, eq).trim();
    const spec = part.slice(eq + 1).trim();
    if (Object.hasOwn(axes, name)) throw usageError(`${flag} ${name}`, 'is given twice; give each parameter once');
    const value = (s: string): number | boolean | string => (s === 'true' ? true : s === 'false' ? false : s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
    if (spec.includes(':')) {
      const nums = spec.split(':').map(Number);
      if (nums.some((n) => !Number.isFinite(n))) throw usageError(`${flag} ${name}`, `a range is min:max${kind === 'grid' ? ':step' : ''} of numbers`);
      if (kind === 'grid') {
        if (nums.length !== 3) throw usageError(`${flag} ${name}`, 'a grid range is min:max:step');
        axes[name] = { min: nums[0], max: nums[1], step: nums[2] };
      } else {
        if (nums.length !== 2) throw usageError(`${flag} ${name}`, 'a random range is min:max');
        axes[name] = { min: nums[0], max: nums[1] };
      }
    } else {
      axes[name] = spec.split(',').map(value);
    }
  }
  if (Object.keys(axes).length === 0) throw usageError(flag, 'give at least one parameter, e.g. "momentumTicks=4,6,8"');
  return axes;
}

/** The space expanded, a refused axis named by the flag that gave it. */
function expand(base: Parameters<typeof expandSpace>[0], space: SweepSpace, flag: string): ReturnType<typeof expandSpace> {
  try {
    return expandSpace(base, space);
  } catch (e) {
    if (!(e instanceof SweepSpaceError)) throw e;
    if (e.param !== null) throw usageError(`${flag} ${e.param}`, e.rule);
    throw usageError(/^samples/.test(e.rule) ? '--samples' : /^seed/.test(e.rule) ? '--seed' : flag, e.rule);
  }
}

export async function runSweepCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, OPTIONS);
  if (values.data === undefined) throw usageError('--data', 'is required: a data file or sim:UNDERLYING:SEED:START:DAYS');
  if ((values.grid === undefined) === (values.random === undefined)) throw usageError('--grid', 'give exactly one of --grid or --random');
  if (values.grid !== undefined && values.samples !== undefined) throw usageError('--samples', 'only a --random sweep draws samples; a --grid sweep runs every combination');
  const preset = values.preset ?? 'nifty_normal';
  if (!isPresetName(preset)) throw usageError('--preset', `must be one of ${PRESET_NAMES.join(', ')}, got "${preset.slice(0, 40)}"`);
  const samples = boundedWhole('--samples', values.samples, 1, 100_000);
  const workers = boundedWhole('--workers', values.workers, 1, 64) ?? Math.max(1, Math.min(availableParallelism(), 8));
  const seed = await withFlagNames({ seed: '--seed' }, () => fillSeedOf(values.data!, boundedWhole('--seed', values.seed, 0, 0xffffffff)));
  const axisFlag = values.grid !== undefined ? '--grid' : '--random';
  const axes = parseAxes(axisFlag, values.grid ?? values.random!, values.grid !== undefined ? 'grid' : 'random');
  const dataset = checkedLoader('--data', values.data, values, loadSimConfig)(values.data);
  const base = withOverrides(presetParams(preset), sessionOverrides(dataset));
  const space: SweepSpace = values.grid !== undefined ? { kind: 'grid', axes } : { kind: 'random', axes, samples: samples ?? 20, seed };
  const expanded = expand(base, space, axisFlag);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    const onProgress = progressFor('sweep', values.progress === true, io.stderr);
    const results = await runSweep({
      dataset,
      world: { rateCards: loadRateCards(), fill: { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 }, seed, preset },
      base,
      combos: expanded.combos,
      workers,
      ...(onProgress === undefined ? {} : { onProgress }),
      signal: controller.signal,
    }).catch((e: unknown) => {
      throw e instanceof SweepAbortedError ? new Interrupted('sweep cancelled by Ctrl-C; no results') : e;
    });
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ dataset: dataset.name, synthetic: dataset.synthetic, seed, total: expanded.total, invalid: expanded.invalid, results })}\n`);
      return;
    }
    const sorted = [...results].sort((x, y) => y.netPnl - x.netPnl || x.index - y.index);
    io.stdout.write(`${dataset.synthetic ? 'SYNTHETIC OPTIONS — ' : ''}${dataset.description}: ${results.length} combos (${expanded.invalid.length} skipped: break a cross-field rule), seed ${seed}, ${workers} worker(s)\n`);
    for (const r of sorted.slice(0, 20)) {
      io.stdout.write(`#${r.index} net ${(r.netPnl / 100).toFixed(2)} trades ${r.trades} win ${(r.winRate * 100).toFixed(1)}% PF ${r.profitFactor?.toFixed(2) ?? 'n/a'}  ${JSON.stringify(r.overrides)}\n`);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
