/** Use case: walk-forward validation as a job: per rolling window, search the space on the train dates, pick the best by the objective, run it on the test dates. */
import { z } from 'zod';
import type { ReplayDataset } from '../../backtest/dataset.js';
import { backtestMetrics } from '../../backtest/metrics/backtest-metrics.js';
import { runDataset, sessionOverrides } from '../../backtest/run-dataset.js';
import { expandSpace, type InvalidCombo, type SweepCombo } from '../../backtest/sweep/param-space.js';
import type { AxisValue } from '../../backtest/sweep/axis-rules.js';
import { SweepSpaceError } from '../../backtest/sweep/sweep-space-error.js';
import { OBJECTIVES, selectBest, eligibleCount } from '../../backtest/validation/select-best.js';
import { walkForwardWindows, type WalkForwardWindow } from '../../backtest/validation/walk-forward-windows.js';
import { parseHhMm } from '../../core/calendar/exchange-time.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import type { ClosedTrade } from '../../core/model/events.js';
import { paramsVersion } from '../../core/params/params-version.js';
import { PRESET_NAMES, presetParams, type PresetName } from '../../core/params/presets.js';
import { InvalidParamsError, withOverrides, type Params } from '../../core/params/schema.js';
import { fillSeedOf } from '../commands/run-backtest.js';
import { datasetWorld } from '../dataset-world.js';
import type { RunWorld } from '../../backtest/run-days.js';
import { DEFAULT_CAPITAL, DEFAULT_PRESET } from '../defaults.js';
import { AppError, invalidInput } from '../errors.js';
import type { JobProgress } from './job-types.js';
import { spaceOf, SWEEP_FILL, SweepSpaceSchema } from './sweep-job.js';
import { figuresOf, rupees, type WalkForwardFigures } from './walk-forward-figures.js';

/** Account size of every run, rupees: a backtest's default, so the figures equal `backtests.submit` on the same dates. */
export const WALK_FORWARD_CAPITAL = DEFAULT_CAPITAL;

const Days = z.number().int().min(1).max(250);

export const WalkForwardInputSchema = z
  .object({
    data: z.string().min(1).describe('Dataset: a recording, tick/bar CSV or NDJSON, a panel CSV, or sim:UNDERLYING:SEED:START:DAYS.'),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).default(DEFAULT_PRESET).describe('Parameter preset every run starts from.'),
    overrides: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Parameter overrides on top of the preset (and the dataset’s session): the base every combo of the space is laid on.'),
    space: SweepSpaceSchema.describe('The parameter space searched on each train window (as a sweep’s).'),
    trainDays: Days.describe('Trading dates in each train window.'),
    testDays: Days.describe('Trading dates in each test window, right after its train window.'),
    stepDays: Days.optional().describe('Trading dates between the starts of consecutive windows; default testDays (the test windows tile). At least testDays, so no date is tested twice.'),
    objective: z.enum(OBJECTIVES).default('netPnl').describe('What the search maximises on the train dates: netPnl, expectancy (net P&L per trade) or sharpe (daily); ties go to the lowest combo index.'),
    minTrades: z.number().int().min(0).max(1_000_000).default(1).describe('Trades a combo needs on the train dates to be chosen; a window where none qualifies trades nothing on its test dates.'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .optional()
      .describe('Seed of the paper fills and of a random space’s draws; for a sim: dataset its own SEED (another value is refused); default 1.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.stepDays !== undefined && input.stepDays < input.testDays) {
      ctx.addIssue({ code: 'custom', path: ['stepDays'], message: `must be at least testDays (${input.testDays}): overlapping test windows would count a date twice` });
    }
    if (input.objective === 'sharpe' && input.trainDays < 2) {
      ctx.addIssue({ code: 'custom', path: ['trainDays'], message: 'must be at least 2 with objective sharpe (a daily Sharpe ratio needs 2 days)' });
    }
  });

export type WalkForwardInput = z.input<typeof WalkForwardInputSchema>;

/** One window: its dates, the combo chosen on the train dates, and its figures in and out of sample. */
export interface WalkForwardWindowResult {
  readonly index: number;
  readonly trainDates: readonly string[];
  readonly testDates: readonly string[];
  /** Valid combos run on the train dates. */
  readonly candidates: number;
  /** Of those, how many had enough trades and a defined objective. */
  readonly eligible: number;
  /** The best combo on the train dates; null when none qualified (then the window trades nothing). */
  readonly chosen: { readonly index: number; readonly overrides: Readonly<Record<string, AxisValue>>; readonly paramsVersion: string } | null;
  readonly inSample: WalkForwardFigures | null;
  readonly outOfSample: WalkForwardFigures | null;
}

export interface WalkForwardOutput {
  readonly dataset: string;
  readonly synthetic: boolean;
  /** The dataset's currency: money figures are in its major unit (rupees for Indian data). */
  readonly currency: string;
  readonly seed: number;
  readonly preset: string;
  readonly objective: (typeof OBJECTIVES)[number];
  readonly trainDays: number;
  readonly testDays: number;
  readonly stepDays: number;
  /** Valid combos of the space (searched in every window). */
  readonly combos: number;
  /** Combos that break a cross-field rule of the parameters on the base: skipped. */
  readonly invalid: readonly InvalidCombo[];
  readonly windows: readonly WalkForwardWindowResult[];
  readonly windowsWithoutChoice: number;
  /** Every test date of every window, as one run: the chosen combos' trades in date order. */
  readonly outOfSample: WalkForwardFigures;
  /** The chosen combos on their own train dates, summed over the windows with a choice (train windows may overlap, so only sums). */
  readonly inSample: { readonly windows: number; readonly days: number; readonly trades: number; readonly netPnl: string; readonly netPnlPerDay: string };
  /**
   * Walk-forward efficiency: out-of-sample net P&L per date ÷ in-sample net P&L per date, over the windows
   * with a choice, 4 decimals; null when the in-sample figure is not positive (the ratio says nothing then).
   */
  readonly efficiency: number | null;
}

export interface WalkForwardDeps {
  readonly loadDataset: (ref: string) => ReplayDataset;
  readonly rateCards: readonly CompiledRateCard[];
  readonly onProgress?: (p: JobProgress) => void;
}

const refuse = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }] });

/** The windows over the dataset's dates; too few dates is INVALID_INPUT naming trainDays. */
function windowsOf(dataset: ReplayDataset, input: { trainDays: number; testDays: number; stepDays?: number | undefined }): WalkForwardWindow[] {
  const need = input.trainDays + input.testDays;
  if (dataset.dates.length < need) {
    throw refuse('trainDays', `trainDays + testDays = ${need} trading dates, but ${dataset.name} has ${dataset.dates.length}`);
  }
  return walkForwardWindows(dataset.dates, { trainDays: input.trainDays, testDays: input.testDays, ...(input.stepDays === undefined ? {} : { stepDays: input.stepDays }) });
}

/** The base parameters: preset, the dataset's session, then the overrides; a broken rule names `overrides.<param>`. */
function baseParams(preset: string, dataset: ReplayDataset, overrides: Record<string, unknown>): Params {
  try {
    return withOverrides(presetParams(preset as PresetName), { ...sessionOverrides(dataset), ...overrides });
  } catch (e) {
    if (!(e instanceof InvalidParamsError)) throw e;
    throw invalidInput(e.issues.map((i) => ({ field: i.field === '(root)' ? 'overrides' : `overrides.${i.field}`, rule: i.message })));
  }
}

/**
 * Runs the whole walk-forward in this thread. Every run (train and test) is a backtest on its dates with the
 * backtest's default fills and capital, so a window's out-of-sample figures equal `backtests.submit` of the
 * chosen overrides from its first to its last test date. Progress at each window and each whole percent.
 */
export function runWalkForwardJob(deps: WalkForwardDeps, raw: WalkForwardInput): WalkForwardOutput {
  const input = WalkForwardInputSchema.parse(raw);
  fillSeedOf(input.data, input.seed);
  deps.onProgress?.({ fraction: 0, message: `loading ${input.data}` });
  const dataset = deps.loadDataset(input.data);
  const plan = planWalkForward(dataset, input);
  const run = walkForwardCombos(dataset, plan.base, plan.combos, plan.windows, { ...plan.options, rateCards: deps.rateCards, ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }) });
  return { ...walkForwardHeader(dataset, input, plan), ...run };
}

/** A walk-forward's plan on its loaded dataset: the windows, the base, the space's combos and the run options. */
export interface WalkForwardPlan {
  readonly windows: readonly WalkForwardWindow[];
  readonly base: Params;
  readonly combos: readonly SweepCombo[];
  readonly invalid: readonly InvalidCombo[];
  readonly options: Omit<WalkForwardRunOptions, 'rateCards' | 'onProgress'>;
}

/** Plans a validated walk-forward on `dataset`; too few dates or a bad space is INVALID_INPUT naming the field. */
export function planWalkForward(dataset: ReplayDataset, input: z.output<typeof WalkForwardInputSchema>): WalkForwardPlan {
  const seed = fillSeedOf(input.data, input.seed);
  const windows = windowsOf(dataset, input);
  const base = baseParams(input.preset, dataset, input.overrides);
  let expanded;
  try {
    expanded = expandSpace(base, spaceOf(input, seed));
  } catch (e) {
    if (!(e instanceof SweepSpaceError)) throw e;
    throw refuse(e.param === null ? 'space.axes' : `space.axes.${e.param}`, e.rule);
  }
  return { windows, base, combos: expanded.combos, invalid: expanded.invalid, options: { seed, preset: input.preset, objective: input.objective, minTrades: input.minTrades } };
}

/** The output's fields before the run's own. */
export function walkForwardHeader(dataset: Pick<ReplayDataset, 'name' | 'synthetic' | 'profile'>, input: z.output<typeof WalkForwardInputSchema>, plan: Pick<WalkForwardPlan, 'combos' | 'invalid' | 'options'>): Omit<WalkForwardOutput, keyof WalkForwardRun> {
  return {
    dataset: dataset.name,
    synthetic: dataset.synthetic,
    currency: dataset.profile.currency,
    seed: plan.options.seed,
    preset: input.preset,
    objective: input.objective,
    trainDays: input.trainDays,
    testDays: input.testDays,
    stepDays: input.stepDays ?? input.testDays,
    combos: plan.combos.length,
    invalid: plan.invalid,
  };
}

/** What walking a list of combos forward over windows gives: the core of a walk-forward job (the offline tuner walks its candidates with it too). */
export type WalkForwardRun = Pick<WalkForwardOutput, 'windows' | 'windowsWithoutChoice' | 'outOfSample' | 'inSample' | 'efficiency'>;

export interface WalkForwardRunOptions {
  readonly seed: number;
  readonly preset: string;
  readonly objective: (typeof OBJECTIVES)[number];
  readonly minTrades: number;
  readonly rateCards: readonly CompiledRateCard[];
  readonly onProgress?: (p: JobProgress) => void;
}

/** One window walked: its result, its out-of-sample trades, and what it adds to the in-sample totals (null when no combo qualified). */
export interface WalkForwardWindowOutcome {
  readonly result: WalkForwardWindowResult;
  readonly oosTrades: readonly ClosedTrade[];
  readonly inSample: { readonly days: number; readonly trades: number; readonly netPnl: number } | null;
}

/** What the assembly of windows needs of the dataset: its session and UTC offset. */
export type WalkForwardProfile = Pick<ReplayDataset['profile'], 'sessionOpen' | 'sessionClose' | 'utcOffsetMin'>;

/** The world every run of a walk-forward on `dataset` uses. */
export function walkForwardWorld(dataset: ReplayDataset, o: Pick<WalkForwardRunOptions, 'seed' | 'preset' | 'rateCards'>): RunWorld {
  return datasetWorld(dataset, o.rateCards, { seed: o.seed, preset: o.preset, fill: SWEEP_FILL }).world;
}

/**
 * Window `k` of `count`: runs every combo (overrides on `base`) on its train dates, picks the best by the
 * objective and runs it on its test dates, in this thread. `tick` counts each combo and the window's end (a
 * null message: counted, not said), and says the window's start and its test (`always`, not counted).
 */
export function walkForwardWindow(dataset: ReplayDataset, world: RunWorld, base: Params, combos: readonly SweepCombo[], w: WalkForwardWindow, k: number, count: number, o: WalkForwardRunOptions, tick: (message: string | null, always: boolean) => void = () => undefined): WalkForwardWindowOutcome {
  const capital = WALK_FORWARD_CAPITAL * 100;
  const run = (params: Params, dates: readonly string[]) => runDataset(dataset, params, world, { dates, capital });
  const at = `window ${k + 1} of ${count}`;
  tick(`${at}: searching ${combos.length} combos on ${span(w.train)}`, true);
  const cells = combos.map((c, j) => {
    const params = withOverrides(base, c.overrides);
    const { metrics } = run(params, w.train);
    tick(`${at}: combo ${j + 1} of ${combos.length}`, false);
    return { index: c.index, overrides: c.overrides, params, metrics };
  });
  const best = selectBest(cells, o.objective, o.minTrades);
  let outOfSample: WalkForwardFigures | null = null;
  let oosTrades: readonly ClosedTrade[] = [];
  if (best !== undefined) {
    tick(`${at}: testing combo #${best.index} on ${span(w.test)}`, true);
    const test = run(best.params, w.test);
    outOfSample = figuresOf(test.metrics);
    oosTrades = test.trades;
  }
  tick(null, false);
  return {
    result: {
      index: k,
      trainDates: w.train,
      testDates: w.test,
      candidates: cells.length,
      eligible: eligibleCount(cells, o.objective, o.minTrades),
      chosen: best === undefined ? null : { index: best.index, overrides: best.overrides, paramsVersion: paramsVersion(best.params) },
      inSample: best === undefined ? null : figuresOf(best.metrics),
      outOfSample,
    },
    oosTrades,
    inSample: best === undefined ? null : { days: w.train.length, trades: best.metrics.trades, netPnl: best.metrics.netPnl },
  };
}

/** The windows' outcomes, in window order, as one walk-forward: the out-of-sample figures over every test date, the in-sample totals and the efficiency. */
export function assembleWalkForward(outcomes: readonly WalkForwardWindowOutcome[], profile: WalkForwardProfile): WalkForwardRun {
  const capital = WALK_FORWARD_CAPITAL * 100;
  const inSample = { windows: 0, days: 0, trades: 0, netPnl: 0 };
  let oosChosenDays = 0;
  for (const o of outcomes) {
    if (o.inSample === null) continue;
    inSample.windows++;
    inSample.days += o.inSample.days;
    inSample.trades += o.inSample.trades;
    inSample.netPnl += o.inSample.netPnl;
    oosChosenDays += o.result.testDates.length;
  }
  const sessionMs = (parseHhMm(profile.sessionClose) - parseHhMm(profile.sessionOpen)) * 60_000;
  const testDates = outcomes.flatMap((o) => o.result.testDates);
  const oos = backtestMetrics({ trades: outcomes.flatMap((o) => o.oosTrades), dates: testDates, utcOffsetMin: profile.utcOffsetMin, capital, sessionMs });
  const isPerDay = inSample.days === 0 ? 0 : inSample.netPnl / inSample.days;
  const oosPerDay = oosChosenDays === 0 ? 0 : oos.netPnl / oosChosenDays;
  return {
    windows: outcomes.map((o) => o.result),
    windowsWithoutChoice: outcomes.filter((o) => o.result.chosen === null).length,
    outOfSample: figuresOf(oos),
    inSample: {
      windows: inSample.windows,
      days: inSample.days,
      trades: inSample.trades,
      netPnl: rupees(inSample.netPnl),
      netPnlPerDay: rupees(isPerDay),
    },
    efficiency: isPerDay > 0 ? Math.round((oosPerDay / isPerDay) * 10_000) / 10_000 : null,
  };
}

/**
 * Per window: runs every combo (overrides on `base`) on the train dates, picks the best by the objective
 * and runs it on the test dates, in this thread. Every run uses the backtest's default fills and capital.
 * Progress at each window and each whole percent.
 */
export function walkForwardCombos(dataset: ReplayDataset, base: Params, combos: readonly SweepCombo[], windows: readonly WalkForwardWindow[], o: WalkForwardRunOptions): WalkForwardRun {
  const world = walkForwardWorld(dataset, o);
  const units = windows.length * (combos.length + 1);
  let done = 0;
  let reported = -1;
  const progress = (message: string, always: boolean): void => {
    const percent = Math.floor((100 * done) / units);
    if (!always && percent <= reported) return;
    reported = percent;
    o.onProgress?.({ fraction: done / units, message });
  };
  const tick = (message: string | null, always: boolean): void => {
    if (!always) done++;
    if (message !== null) progress(message, always);
  };
  return assembleWalkForward(
    windows.map((w, k) => walkForwardWindow(dataset, world, base, combos, w, k, windows.length, o, tick)),
    dataset.profile,
  );
}

const span = (dates: readonly string[]): string => `${dates[0]}..${dates[dates.length - 1]}`;
