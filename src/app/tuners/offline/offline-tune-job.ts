/**
 * Use case: the offline tuner's search as a job. Candidate moves around the set in force (one field at a
 * time, within governance's step limit) are walked forward over the searched dates: per window the best
 * candidate on the train dates is run on the test dates, next to the set in force on the same dates. It
 * proposes the last window's pick only when, out of sample, the search beat the set in force.
 */
import { z } from 'zod';
import type { ReplayDataset } from '../../../backtest/dataset.js';
import { datesInWindow, sessionOverrides } from '../../../backtest/run-dataset.js';
import { OBJECTIVES } from '../../../backtest/validation/select-best.js';
import { walkForwardWindows } from '../../../backtest/validation/walk-forward-windows.js';
import type { CompiledRateCard } from '../../../core/charges/rate-card.js';
import { PRESET_NAMES, presetParams, type PresetName } from '../../../core/params/presets.js';
import { InvalidParamsError, withOverrides, type Params } from '../../../core/params/schema.js';
import { fillSeedOf } from '../../commands/run-backtest.js';
import { DEFAULT_PRESET } from '../../defaults.js';
import { AppError, invalidInput } from '../../errors.js';
import type { JobProgress } from '../../jobs/job-types.js';
import type { WalkForwardFigures } from '../../jobs/walk-forward-figures.js';
import { walkForwardCombos, type WalkForwardRun } from '../../jobs/walk-forward-job.js';
import { candidateMoves, DEFAULT_OFFLINE_FIELDS, MOVE_SHARES, OFFLINE_FIELDS, type SkippedMove } from './offline-fields.js';

const Days = z.number().int().min(1).max(250);
const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be YYYY-MM-DD' });

export const OfflineTuneInputSchema = z
  .object({
    data: z.string().min(1).describe('Dataset searched: a directory of tick recordings (the daemon’s db/recordings), another loadable dataset, or sim:UNDERLYING:SEED:START:DAYS.'),
    from: DateText.optional().describe('First date searched; default the dataset’s first.'),
    to: DateText.optional().describe('Last date searched; default the dataset’s last. The proposal is fitted to the last date used.'),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).default(DEFAULT_PRESET).describe('The preset of the set in force.'),
    current: z.record(z.string(), z.unknown()).default({}).describe('The set in force, as overrides on the preset (and the dataset’s session).'),
    fields: z
      .array(z.enum(OFFLINE_FIELDS))
      .min(1)
      .max(OFFLINE_FIELDS.length)
      .default([...DEFAULT_OFFLINE_FIELDS])
      .describe('Fields searched, each moved alone by ±12.5% and ±25% of its value (within the step limit).'),
    maxStepFraction: z.number().gt(0).max(1).default(0.25).describe('Governance’s step limit: no move exceeds this share of the field’s range.'),
    trainDays: Days.default(10).describe('Trading dates in each train window.'),
    testDays: Days.default(5).describe('Trading dates in each test window, right after its train window.'),
    stepDays: Days.optional().describe('Trading dates between window starts; default testDays. The windows are laid so that the last test window ends on the last date.'),
    objective: z.enum(OBJECTIVES).default('netPnl').describe('What the search maximises on the train dates; ties go to the set in force.'),
    minTrades: z.number().int().min(0).max(1_000_000).default(5).describe('Trades a candidate needs on a train window to be chosen.'),
    requireOutOfSampleGain: z
      .boolean()
      .default(true)
      .describe('Propose only when the search’s out-of-sample net P&L beats the set in force on the same test dates. Off only to study overfitting (the gate still tests the proposal).'),
    seed: z.number().int().min(0).max(0xffffffff).optional().describe('Seed of the paper fills; for a sim: dataset its own SEED; default 1.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (new Set(input.fields).size !== input.fields.length) ctx.addIssue({ code: 'custom', path: ['fields'], message: 'must not name a field twice' });
    if (input.stepDays !== undefined && input.stepDays < input.testDays) ctx.addIssue({ code: 'custom', path: ['stepDays'], message: `must be at least testDays (${input.testDays})` });
    if (input.objective === 'sharpe' && input.trainDays < 2) ctx.addIssue({ code: 'custom', path: ['trainDays'], message: 'must be at least 2 with objective sharpe' });
    if (input.from !== undefined && input.to !== undefined && input.from > input.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${input.from})` });
  });

export type OfflineTuneInput = z.input<typeof OfflineTuneInputSchema>;

/** A run of dates: first, last and how many. */
export interface DateSpan {
  readonly first: string;
  readonly last: string;
  readonly days: number;
}

/** One figure set for the tuned pick and one for the set in force, on the same dates. */
export interface SideBySide<T> {
  /** The search's pick; null when no candidate qualified (the search then trades nothing there). */
  readonly tuned: T | null;
  readonly current: T;
}

export interface OfflineTuneWindow {
  readonly index: number;
  readonly train: DateSpan;
  readonly test: DateSpan;
  /** The candidate chosen on the train dates (index 0 is the set in force); null when none made minTrades. */
  readonly chosen: { readonly index: number; readonly overrides: Readonly<Record<string, unknown>> } | null;
  readonly inSample: SideBySide<WalkForwardFigures>;
  readonly outOfSample: SideBySide<WalkForwardFigures>;
}

/** Sums over the train windows (they may overlap, so only sums). */
type InSampleSums = WalkForwardRun['inSample'];

export interface OfflineTuneOutput {
  readonly dataset: string;
  readonly synthetic: boolean;
  readonly currency: string;
  readonly seed: number;
  readonly preset: string;
  /** The dates searched (trimmed at the start so that the last test window ends on the last date). */
  readonly dates: DateSpan;
  /** The last date the search used: the gate tests after it. */
  readonly fittedTo: string;
  readonly fields: readonly string[];
  readonly maxStepFraction: number;
  readonly objective: (typeof OBJECTIVES)[number];
  readonly trainDays: number;
  readonly testDays: number;
  readonly stepDays: number;
  /** Every candidate (index 0: the set in force). */
  readonly candidates: readonly { readonly index: number; readonly overrides: Readonly<Record<string, unknown>> }[];
  readonly skipped: readonly SkippedMove[];
  /** Each window, in sample and out of sample, the pick beside the set in force. */
  readonly windows: readonly OfflineTuneWindow[];
  readonly inSample: { readonly tuned: InSampleSums; readonly current: InSampleSums };
  /** Every test date as one run: the search's picks against the set in force. */
  readonly outOfSample: { readonly tuned: WalkForwardFigures; readonly current: WalkForwardFigures };
  /** Walk-forward efficiency of the search (out-of-sample ÷ in-sample net P&L per date); null when in-sample is not positive. */
  readonly efficiency: number | null;
  /** What it proposes: the last window's pick; null when it proposes nothing. */
  readonly proposal: { readonly diff: Readonly<Record<string, unknown>>; readonly rationale: string; readonly fittedTo: string } | null;
  /** Why it proposes, or why not, in one line. */
  readonly decision: string;
}

export interface OfflineTuneDeps {
  readonly loadDataset: (ref: string) => ReplayDataset;
  readonly rateCards: readonly CompiledRateCard[];
  readonly onProgress?: (p: JobProgress) => void;
}

const refuse = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }] });
const spanOf = (dates: readonly string[]): DateSpan => ({ first: dates[0]!, last: dates[dates.length - 1]!, days: dates.length });
const rupeesText = (s: string): string => `₹${s}`;

/** The set in force on the dataset's session; a broken rule names `current.<field>`. */
function currentParams(preset: string, dataset: ReplayDataset, current: Record<string, unknown>): Params {
  try {
    return withOverrides(presetParams(preset as PresetName), { ...sessionOverrides(dataset), ...current });
  } catch (e) {
    if (!(e instanceof InvalidParamsError)) throw e;
    throw invalidInput(e.issues.map((i) => ({ field: i.field === '(root)' ? 'current' : `current.${i.field}`, rule: i.message })));
  }
}

/** The dates searched: those in [from, to], trimmed at the start so that the windows end on the last one. */
function searchDates(dataset: ReplayDataset, input: { from?: string | undefined; to?: string | undefined; trainDays: number; testDays: number; stepDays: number }): string[] {
  const dates = datesInWindow(dataset, input.from, input.to);
  const need = input.trainDays + input.testDays;
  if (dates.length < need) throw refuse('trainDays', `trainDays + testDays = ${need} trading dates, but ${dataset.name} has ${dates.length}${input.from !== undefined || input.to !== undefined ? ' in from..to' : ''}`);
  return dates.slice((dates.length - need) % input.stepDays);
}

const describeMove = (overrides: Readonly<Record<string, unknown>>, base: Params): string =>
  Object.entries(overrides)
    .map(([k, v]) => `${k} ${String(base[k as keyof Params])} → ${String(v)}`)
    .join(', ');

/** Runs the search in this thread: the candidates walked forward, then the set in force on the same windows. */
export function runOfflineTuneJob(deps: OfflineTuneDeps, raw: OfflineTuneInput): OfflineTuneOutput {
  const input = OfflineTuneInputSchema.parse(raw);
  const seed = fillSeedOf(input.data, input.seed);
  const stepDays = input.stepDays ?? input.testDays;
  deps.onProgress?.({ fraction: 0, message: `loading ${input.data}` });
  const dataset = deps.loadDataset(input.data);
  const dates = searchDates(dataset, { ...input, stepDays });
  const windows = walkForwardWindows(dates, { trainDays: input.trainDays, testDays: input.testDays, stepDays });
  const base = currentParams(input.preset, dataset, input.current);
  const { candidates, skipped } = candidateMoves(base, input.fields, input.maxStepFraction);

  // Progress: the search's runs, then the set in force's (two per window), in proportion to their count.
  const searchUnits = windows.length * (candidates.length + 1);
  const share = searchUnits / (searchUnits + windows.length * 2);
  const scaled = (from: number, width: number) => (p: JobProgress) => deps.onProgress?.({ fraction: from + width * p.fraction, message: p.message });
  const options = { seed, preset: input.preset, objective: input.objective, rateCards: deps.rateCards };
  const search = walkForwardCombos(dataset, base, candidates, windows, { ...options, minTrades: input.minTrades, onProgress: scaled(0, share) });
  const onProgress = scaled(share, 1 - share);
  // The set in force is the one candidate here: always chosen (by net P&L, which is always defined), so every window has its figures.
  const held = walkForwardCombos(dataset, base, [candidates[0]!], windows, { ...options, objective: 'netPnl', minTrades: 0, onProgress: (p) => onProgress({ ...p, message: `set in force: ${p.message}` }) });

  const sideWindows: OfflineTuneWindow[] = search.windows.map((w, k) => {
    const h = held.windows[k]!;
    return {
      index: k,
      train: spanOf(w.trainDates),
      test: spanOf(w.testDates),
      chosen: w.chosen === null ? null : { index: w.chosen.index, overrides: w.chosen.overrides },
      inSample: { tuned: w.inSample, current: h.inSample! },
      outOfSample: { tuned: w.outOfSample, current: h.outOfSample! },
    };
  });
  const fittedTo = dates[dates.length - 1]!;
  const summary = {
    dates: spanOf(dates),
    inSample: { tuned: search.inSample, current: held.inSample },
    outOfSample: { tuned: search.outOfSample, current: held.outOfSample },
  };
  const { proposal, decision } = decide(input, base, dataset.name, sideWindows, summary, candidates.length, fittedTo);
  return {
    dataset: dataset.name,
    synthetic: dataset.synthetic,
    currency: dataset.profile.currency,
    seed,
    preset: input.preset,
    dates: summary.dates,
    fittedTo,
    fields: input.fields,
    maxStepFraction: input.maxStepFraction,
    objective: input.objective,
    trainDays: input.trainDays,
    testDays: input.testDays,
    stepDays,
    candidates,
    skipped,
    windows: sideWindows,
    inSample: summary.inSample,
    outOfSample: summary.outOfSample,
    efficiency: search.efficiency,
    proposal,
    decision,
  };
}

/** The last window's pick becomes the proposal unless it is the set in force, or (when required) the search lost out of sample. */
function decide(
  input: z.output<typeof OfflineTuneInputSchema>,
  base: Params,
  dataset: string,
  windows: readonly OfflineTuneWindow[],
  s: { dates: DateSpan; inSample: OfflineTuneOutput['inSample']; outOfSample: { tuned: WalkForwardFigures; current: WalkForwardFigures } },
  candidates: number,
  fittedTo: string,
): { proposal: OfflineTuneOutput['proposal']; decision: string } {
  const last = windows[windows.length - 1]!;
  const oosTuned = Number(s.outOfSample.tuned.netPnl);
  const oosCurrent = Number(s.outOfSample.current.netPnl);
  const oos = `out of sample (${s.outOfSample.current.days} test dates) the search made ${rupeesText(s.outOfSample.tuned.netPnl)} in ${s.outOfSample.tuned.trades} trades against ${rupeesText(s.outOfSample.current.netPnl)} in ${s.outOfSample.current.trades} for the set in force`;
  if (last.chosen === null) return { proposal: null, decision: `no candidate made ${input.minTrades} trades on the last train window (${last.train.first}..${last.train.last}); nothing to propose` };
  if (last.chosen.index === 0) return { proposal: null, decision: `the set in force was the best candidate on the last train window (${last.train.first}..${last.train.last}); nothing to propose (${oos})` };
  const gained = oosTuned > oosCurrent;
  if (input.requireOutOfSampleGain && !gained) return { proposal: null, decision: `${oos}: the search did not beat it, so nothing is proposed` };
  const move = describeMove(last.chosen.overrides, base);
  const shares = MOVE_SHARES.map((x) => `±${x * 100}%`).join(' and ');
  const rationale = [
    `Offline walk-forward search on ${dataset}, ${s.dates.first}..${s.dates.last} (${s.dates.days} trading dates, ${windows.length} window(s) of ${input.trainDays} train + ${input.testDays} test dates).`,
    `Candidates: the set in force and each of ${input.fields.join(', ')} moved alone by ${shares} (within ${input.maxStepFraction * 100}% of its range): ${candidates} in all.`,
    `Pick on the last train window (${last.train.first}..${last.train.last}), by ${input.objective}: ${move}.`,
    `In sample (train windows): the picks made ₹${s.inSample.tuned.netPnl} in ${s.inSample.tuned.trades} trades; the set in force ₹${s.inSample.current.netPnl} in ${s.inSample.current.trades}.`,
    `Out of sample (test windows): the picks made ₹${s.outOfSample.tuned.netPnl} in ${s.outOfSample.tuned.trades} trades; the set in force ₹${s.outOfSample.current.netPnl} in ${s.outOfSample.current.trades}.`,
    gained ? 'The search beat the set in force out of sample.' : 'NOT validated: out of sample the search did not beat the set in force (proposed only because the out-of-sample check was switched off).',
  ].join(' ');
  const diff = { ...last.chosen.overrides };
  return { proposal: { diff, rationale, fittedTo }, decision: `proposes ${move}: ${oos}` };
}
