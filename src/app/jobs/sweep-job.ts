/** Use case: a parameter sweep as a job, its input schema, the axis check done at submit, and the run (combo after combo, with progress). */
import { z } from 'zod';
import type { ReplayDataset } from '../../backtest/dataset.js';
import { sessionOverrides } from '../../backtest/run-dataset.js';
import { listAxisValues, randomRange, rangeAxisValues, specOf } from '../../backtest/sweep/axis-rules.js';
import { expandSpace, MAX_SWEEP_COMBOS, type InvalidCombo, type SweepSpace } from '../../backtest/sweep/param-space.js';
import { runCombo, type SweepResult } from '../../backtest/sweep/run-combo.js';
import { SweepSpaceError } from '../../backtest/sweep/sweep-space-error.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { PRESET_NAMES, presetParams, type PresetName } from '../../core/params/presets.js';
import { withOverrides, type Params } from '../../core/params/schema.js';
import { fillSeedOf } from '../commands/run-backtest.js';
import { DEFAULT_FILL, DEFAULT_PRESET } from '../defaults.js';
import { datasetWorld } from '../dataset-world.js';
import { AppError } from '../errors.js';
import type { JobProgress } from './job-types.js';

/** The paper fills every combo trades with: a backtest's defaults (the same in `scalper sweep`). */
export const SWEEP_FILL = DEFAULT_FILL;

const Axes = z
  .record(z.string(), z.unknown())
  .describe('Parameter → a list of values, or a numeric range: { min, max, step } in a grid, { min, max } in a random space.');

/** A grid or seeded random space of parameter axes (shared by sweeps and walk-forward). */
export const SweepSpaceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grid').describe('Every combination of the axes.'), axes: Axes }).strict(),
  z
    .object({
      kind: z.literal('random').describe('Seeded random samples of the axes.'),
      axes: Axes,
      samples: z.number().int().min(1).max(MAX_SWEEP_COMBOS).default(20).describe('Combos to draw.'),
    })
    .strict(),
]);

export const RunSweepInputSchema = z
  .object({
    data: z.string().min(1).describe('Dataset: a recording, tick/bar CSV or NDJSON, a panel CSV, or sim:UNDERLYING:SEED:START:DAYS.'),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).default(DEFAULT_PRESET).describe('Parameter preset every combo starts from.'),
    space: SweepSpaceSchema.describe('The parameter space to sweep.'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .optional()
      .describe('Seed of the paper fills and of a random space’s draws; for a sim: dataset its own SEED (another value is refused); default 1.'),
  })
  .strict();

export type RunSweepInput = z.input<typeof RunSweepInputSchema>;
export type ParsedSweepInput = z.output<typeof RunSweepInputSchema>;

/** The same JSON as `scalper sweep --json`. Money in minor units, as in SweepResult. */
export interface RunSweepOutput {
  readonly dataset: string;
  readonly synthetic: boolean;
  readonly seed: number;
  readonly total: number;
  readonly invalid: readonly InvalidCombo[];
  readonly results: readonly SweepResult[];
}

export interface SweepJobDeps {
  readonly loadDataset: (ref: string) => ReplayDataset;
  readonly rateCards: readonly CompiledRateCard[];
  readonly onProgress?: (p: JobProgress) => void;
}

/** The sweep space with the one seed of the run. */
export function spaceOf(input: Pick<ParsedSweepInput, 'space'>, seed: number): SweepSpace {
  return input.space.kind === 'grid' ? { kind: 'grid', axes: input.space.axes } : { kind: 'random', axes: input.space.axes, samples: input.space.samples, seed };
}

/**
 * Checks every axis by the sweep's own rules (known parameter, values in range, at most MAX_SWEEP_COMBOS
 * combos) without building the combos, so it is cheap enough for submit; throws INVALID_INPUT naming
 * `space.axes.<param>`. Cross-field rules are checked per combo when the sweep runs (such combos are skipped).
 */
export function checkSweepSpace(input: Pick<ParsedSweepInput, 'space'>): void {
  try {
    let product = 1;
    for (const [name, raw] of Object.entries(input.space.axes)) {
      const spec = specOf(name);
      if (Array.isArray(raw)) product *= listAxisValues(name, raw).length;
      else if (input.space.kind === 'grid') product *= rangeAxisValues(name, spec, raw, MAX_SWEEP_COMBOS).length;
      else randomRange(name, spec, raw);
    }
    if (Object.keys(input.space.axes).length === 0) throw new SweepSpaceError(null, 'axes is empty: name at least one parameter to sweep');
    if (input.space.kind === 'grid' && product > MAX_SWEEP_COMBOS) {
      throw new SweepSpaceError(null, `the grid has ${product} combinations, more than the cap of ${MAX_SWEEP_COMBOS}: narrow an axis or sample it with kind "random"`);
    }
  } catch (e) {
    if (!(e instanceof SweepSpaceError)) throw e;
    const field = e.param === null ? 'space.axes' : `space.axes.${e.param}`;
    throw new AppError('INVALID_INPUT', `${field}: ${e.rule}`, { issues: [{ field, rule: e.rule }] });
  }
}

/** A sweep's plan on its loaded dataset: the one seed, the base parameters (the preset on the dataset's session) and the space's combos. */
export interface SweepPlan {
  readonly seed: number;
  readonly base: Params;
  readonly expanded: ReturnType<typeof expandSpace>;
}

/** Plans a validated sweep on `dataset`; the job runs the plan in one thread, `scalper sweep` on a pool of workers. */
export function planSweep(dataset: ReplayDataset, input: ParsedSweepInput): SweepPlan {
  const seed = fillSeedOf(input.data, input.seed);
  const base = withOverrides(presetParams(input.preset as PresetName), sessionOverrides(dataset));
  return { seed, base, expanded: expandSpace(base, spaceOf(input, seed)) };
}

/** Runs every valid combo of the space in this thread, in index order, reporting progress at each whole percent. */
export function runSweepJob(deps: SweepJobDeps, raw: RunSweepInput): RunSweepOutput {
  const input = RunSweepInputSchema.parse(raw);
  fillSeedOf(input.data, input.seed);
  deps.onProgress?.({ fraction: 0, message: `loading ${input.data}` });
  const dataset = deps.loadDataset(input.data);
  const { seed, base, expanded } = planSweep(dataset, input);
  const { world } = datasetWorld(dataset, deps.rateCards, { seed, preset: input.preset, fill: SWEEP_FILL });
  const total = expanded.combos.length;
  const results: SweepResult[] = [];
  let reported = -1;
  for (const combo of expanded.combos) {
    const percent = Math.floor((100 * results.length) / total);
    if (percent > reported) {
      reported = percent;
      deps.onProgress?.({ fraction: results.length / total, message: `combo ${results.length + 1} of ${total}` });
    }
    results.push(runCombo(base, combo.overrides, dataset.days, world, combo.index));
  }
  return { dataset: dataset.name, synthetic: dataset.synthetic, seed, total: expanded.total, invalid: expanded.invalid, results };
}
