/** A sweep split for workers on other machines: a plan (the dataset's valid combos), cells of combos run anywhere, and the cells assembled into the very output of runSweepJob. */
import { setMaxListeners } from 'node:events';
import type { ReplayDataset } from '../../backtest/dataset.js';
import type { RunWorld } from '../../backtest/run-days.js';
import { runCombo, type SweepResult } from '../../backtest/sweep/run-combo.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { datasetWorld } from '../dataset-world.js';
import { AppError } from '../errors.js';
import type { JobTask } from './job-kinds.js';
import { keepLast } from './keep-last.js';
import type { JobProgress } from './job-types.js';
import { planSweep, RunSweepInputSchema, SWEEP_FILL, type RunSweepInput, type RunSweepOutput, type SweepPlan } from './sweep-job.js';

/** What the plan task answers: everything of the output but the results, and the combos to run. */
export interface SweepPlanOutput extends Omit<RunSweepOutput, 'results'> {
  /** Indexes of the valid combos, ascending. */
  readonly indexes: readonly number[];
  /** The dataset's content hash: every cell must run on the same data. */
  readonly dataHash: string;
}

export interface SweepCellInput {
  readonly sweep: RunSweepInput;
  readonly indexes: readonly number[];
  readonly dataHash: string;
}

export interface SweepCellOutput {
  readonly results: readonly SweepResult[];
}

export interface SweepCellDeps {
  readonly loadDataset: (ref: string) => ReplayDataset;
  readonly rateCards: readonly CompiledRateCard[];
}

// A worker thread runs many cells of one sweep: its dataset, plan and world are kept for the next cell.
const kept = keepLast<{ dataset: ReplayDataset; plan: SweepPlan; world: RunWorld }>();

function prepared(deps: SweepCellDeps, raw: RunSweepInput): { dataset: ReplayDataset; plan: SweepPlan; world: RunWorld } {
  const input = RunSweepInputSchema.parse(raw);
  return kept(JSON.stringify(input), () => {
    const dataset = deps.loadDataset(input.data);
    const plan = planSweep(dataset, input);
    const { world } = datasetWorld(dataset, deps.rateCards, { seed: plan.seed, preset: input.preset, fill: SWEEP_FILL });
    return { dataset, plan, world };
  });
}

/** Loads the dataset and plans the sweep: its valid combos and the output's fields but the results. */
export function runSweepPlan(deps: SweepCellDeps, raw: RunSweepInput): SweepPlanOutput {
  const { dataset, plan } = prepared(deps, raw);
  return { dataset: dataset.name, synthetic: dataset.synthetic, seed: plan.seed, total: plan.expanded.total, invalid: plan.expanded.invalid, indexes: plan.expanded.combos.map((c) => c.index), dataHash: dataset.dataHash };
}

/** Runs the combos `indexes` of the sweep; refuses data whose content differs from the plan's. */
export function runSweepCell(deps: SweepCellDeps, cell: SweepCellInput): SweepCellOutput {
  const { dataset, plan, world } = prepared(deps, cell.sweep);
  if (dataset.dataHash !== cell.dataHash) {
    throw new AppError('CONFLICT', `data: ${cell.sweep.data} holds other content here (hash ${dataset.dataHash.slice(0, 12)}) than when the sweep was planned (${cell.dataHash.slice(0, 12)})`, { issues: [{ field: 'data', rule: 'changed while the sweep ran' }] });
  }
  const byIndex = new Map(plan.expanded.combos.map((c) => [c.index, c]));
  return {
    results: cell.indexes.map((i) => {
      const combo = byIndex.get(i);
      if (combo === undefined) throw new AppError('INTERNAL', `sweep cell: no valid combo ${i}`);
      return runCombo(plan.base, combo.overrides, dataset.days, world, combo.index);
    }),
  };
}

/** The plan and its cells' results as runSweepJob gives them: results in combo order. */
export function assembleSweep(plan: SweepPlanOutput, cells: readonly SweepCellOutput[]): RunSweepOutput {
  const results = cells.flatMap((c) => c.results).sort((a, b) => a.index - b.index);
  if (results.length !== plan.indexes.length) throw new AppError('INTERNAL', `sweep: ${results.length} results for ${plan.indexes.length} combos`);
  return { dataset: plan.dataset, synthetic: plan.synthetic, seed: plan.seed, total: plan.total, invalid: plan.invalid, results };
}

/** Runs one task somewhere (a queue's worker) and answers its result as JSON text. */
export type RunSomewhere = (task: JobTask, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }) => Promise<string>;

/**
 * A sweep on cells of `cellSize` combos, each a task of its own, all in flight at once (the queue spreads
 * them over its workers); the first failure cancels the rest. Answers the same JSON as runSweepJob.
 */
export async function runSweepOnCells(run: RunSomewhere, input: RunSweepInput, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }, cellSize: (combos: number) => number): Promise<string> {
  const planJson = await run({ work: 'sweep-plan', input }, { signal: hooks.signal, onProgress: (p) => hooks.onProgress({ fraction: 0, message: p.message }) });
  const plan = JSON.parse(planJson) as SweepPlanOutput;
  const size = Math.max(1, cellSize(plan.indexes.length));
  const cells: number[][] = [];
  for (let i = 0; i < plan.indexes.length; i += size) cells.push(plan.indexes.slice(i, i + size));
  const failed = new AbortController();
  const signal = AbortSignal.any([hooks.signal, failed.signal]);
  // Every cell in flight listens to it.
  setMaxListeners(0, signal);
  let done = 0;
  hooks.onProgress({ fraction: 0, message: `${plan.indexes.length} combos in ${cells.length} cells queued` });
  const outputs = await Promise.all(
    cells.map(async (indexes) => {
      try {
        const out = JSON.parse(await run({ work: 'sweep-cell', input: { sweep: input, indexes, dataHash: plan.dataHash } satisfies SweepCellInput }, { signal, onProgress: () => undefined })) as SweepCellOutput;
        done += indexes.length;
        hooks.onProgress({ fraction: done / plan.indexes.length, message: `${done} of ${plan.indexes.length} combos done` });
        return out;
      } catch (e) {
        failed.abort(e);
        throw e;
      }
    }),
  );
  return JSON.stringify(assembleSweep(plan, outputs));
}
