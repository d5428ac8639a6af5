/** Use case: two backtest runs compared as a job (each a backtest to run or a finished backtest job) by a seeded bootstrap of the difference in mean net P&L per trade. */
import { z } from 'zod';
import { compareRuns, DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES } from '../../backtest/validation/compare-runs.js';
import { toMinor } from '../../core/model/money.js';
import { RunBacktestInputSchema } from '../commands/run-backtest.js';
import { AppError } from '../errors.js';
import type { JobTask } from './job-kinds.js';
import type { JobProgress } from './job-types.js';
import { rupees } from './walk-forward-figures.js';

/** Most bootstrap resamples: the work is resamples × trades random draws. */
export const MAX_RESAMPLES = 100_000;

/** A backtest as `backtests.submit` takes it. */
export const BacktestSpecSchema = RunBacktestInputSchema.describe('A backtest as backtests.submit takes it: with `data` on a dataset, without on the simulator.');

const SideSchema = z.union([
  z.object({ job: z.string().min(1).max(100).describe('Id of a finished (done) backtest job.') }).strict(),
  z.object({ backtest: BacktestSpecSchema }).strict(),
]);

export const CompareRunsInputSchema = z
  .object({
    a: SideSchema.describe('Run A, the baseline: { job: ID } of a done backtest job, or { backtest: SPEC } to run.'),
    b: SideSchema.describe('Run B, the candidate (is it better than A?): { job: ID } or { backtest: SPEC }.'),
    seed: z.number().int().min(0).max(0xffffffff).default(1).describe('Seed of the bootstrap draws: the same seed gives the same interval.'),
    resamples: z.number().int().min(1).max(MAX_RESAMPLES).default(DEFAULT_RESAMPLES).describe('Bootstrap resamples.'),
    confidence: z.number().gt(0).lt(1).default(DEFAULT_CONFIDENCE).describe('Two-sided confidence of the percentile interval, in (0, 1).'),
  })
  .strict();

export type CompareRunsInput = z.input<typeof CompareRunsInputSchema>;

/** One side as the worker runs it: a stored job's result to read (or carried along, for a worker without the daemon's database), or a backtest task to run; with its run key, found at submit. */
export type CompareSideTask = { readonly runKey: string } & ({ readonly job: string; readonly result?: BacktestLike } | { readonly task: JobTask });

/** The compare task: both sides resolved at submit, and the bootstrap's options. */
export interface CompareTask {
  readonly a: CompareSideTask;
  readonly b: CompareSideTask;
  readonly seed: number;
  readonly resamples: number;
  readonly confidence: number;
}

/** What a side's backtest result holds that a comparison needs (both backtest outputs have it). */
export interface BacktestLike {
  readonly currency: string;
  readonly paramsVersion: string;
  readonly dates: readonly string[];
  /** Net P&L per trade in rupees, as on the wire. */
  readonly trades: readonly { readonly netPnl: number }[];
}

export interface CompareSideSummary {
  readonly source: 'job' | 'backtest';
  /** The job id of a `job` side; null for a backtest run for the comparison. */
  readonly job: string | null;
  /** Run key of the backtest job of this side (the same backtest submitted to backtests.submit has it). */
  readonly runKey: string;
  /** Money of this side (and of the comparison) is in this currency's major unit. */
  readonly currency: string;
  readonly paramsVersion: string;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly days: number;
  readonly trades: number;
  /** Σ net P&L, rupees. */
  readonly netPnl: string;
}

export interface CompareRunsOutput {
  readonly a: CompareSideSummary;
  readonly b: CompareSideSummary;
  readonly seed: number;
  readonly resamples: number;
  readonly confidence: number;
  /** Mean net P&L per trade of A, rupees (rounded to the paisa). */
  readonly meanA: string;
  readonly meanB: string;
  /** meanB − meanA, rupees. */
  readonly difference: string;
  /** Bootstrap percentile interval of meanB − meanA at `confidence`, rupees. */
  readonly ci: { readonly low: string; readonly high: string };
  /** The interval excludes 0 (decided before rounding to the paisa). */
  readonly significant: boolean;
  /** B's mean is higher and the interval lies above 0. */
  readonly bBetter: boolean;
  readonly verdict: string;
}

export interface CompareJobDeps {
  /** Runs or reads one side: a backtest output (simulated or on data). */
  readonly side: (side: CompareSideTask, onProgress: (p: JobProgress) => void) => BacktestLike;
  readonly onProgress?: (p: JobProgress) => void;
}

function summary(side: CompareSideTask, run: BacktestLike, netMinor: readonly number[]): CompareSideSummary {
  return {
    source: 'job' in side ? 'job' : 'backtest',
    job: 'job' in side ? side.job : null,
    runKey: side.runKey,
    currency: run.currency,
    paramsVersion: run.paramsVersion,
    firstDate: run.dates[0] ?? null,
    lastDate: run.dates[run.dates.length - 1] ?? null,
    days: run.dates.length,
    trades: netMinor.length,
    netPnl: rupees(netMinor.reduce((s, x) => s + x, 0)),
  };
}

/** Runs (or reads) A then B (progress 0..0.9), then bootstraps. A side with no trades is INVALID_INPUT naming it. */
export function runCompareJob(deps: CompareJobDeps, task: CompareTask): CompareRunsOutput {
  const sides = (['a', 'b'] as const).map((label, i) => {
    const side = task[label];
    const run = deps.side(side, (p) => deps.onProgress?.({ fraction: (0.9 * (i + p.fraction)) / 2, message: `run ${label.toUpperCase()}: ${p.message}` }));
    const net = run.trades.map((t) => toMinor(t.netPnl));
    if (net.length === 0) throw new AppError('INVALID_INPUT', `${label}: the run has no trades to compare`, { issues: [{ field: label, rule: 'the run has no trades to compare' }] });
    return { side, run, net };
  });
  const [a, b] = sides as [(typeof sides)[0], (typeof sides)[0]];
  if (a.run.currency !== b.run.currency) {
    const rule = `trades in ${b.run.currency}, run a in ${a.run.currency}: compare runs in one currency`;
    throw new AppError('INVALID_INPUT', `b: ${rule}`, { issues: [{ field: 'b', rule }] });
  }
  deps.onProgress?.({ fraction: 0.9, message: `bootstrapping ${task.resamples} resamples` });
  const c = compareRuns(
    a.net.map((netPnl) => ({ netPnl })),
    b.net.map((netPnl) => ({ netPnl })),
    { seed: task.seed, resamples: task.resamples, confidence: task.confidence },
  );
  const bBetter = c.ci[0] > 0;
  const pct = `${Math.round(c.confidence * 1000) / 10}%`;
  return {
    a: summary(a.side, a.run, a.net),
    b: summary(b.side, b.run, b.net),
    seed: task.seed,
    resamples: c.resamples,
    confidence: c.confidence,
    meanA: rupees(c.meanA),
    meanB: rupees(c.meanB),
    difference: rupees(c.difference),
    ci: { low: rupees(c.ci[0]), high: rupees(c.ci[1]) },
    significant: c.significant,
    bBetter,
    verdict: bBetter
      ? `B is better: its mean net P&L per trade is higher and the ${pct} interval of the difference lies above 0`
      : c.ci[1] < 0
        ? `A is better: the ${pct} interval of B − A lies below 0`
        : `no significant difference: the ${pct} interval of B − A includes 0`,
  };
}
