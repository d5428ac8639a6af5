/** A walk-forward split for workers on other machines: a plan (its windows), one task per window run anywhere, and the windows assembled into the very output of runWalkForwardJob. */
import { setMaxListeners } from 'node:events';
import type { ReplayDataset } from '../../backtest/dataset.js';
import type { RunWorld } from '../../backtest/run-days.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { AppError } from '../errors.js';
import type { JobProgress } from './job-types.js';
import { keepLast } from './keep-last.js';
import type { RunSomewhere } from './sweep-cells.js';
import {
  assembleWalkForward,
  planWalkForward,
  walkForwardHeader,
  WalkForwardInputSchema,
  walkForwardWindow,
  walkForwardWorld,
  type WalkForwardInput,
  type WalkForwardOutput,
  type WalkForwardPlan,
  type WalkForwardProfile,
  type WalkForwardWindowOutcome,
} from './walk-forward-job.js';

/** What the plan task answers: the output's fields before the run's, the number of windows, the dataset's content hash and session. */
export interface WalkForwardPlanOutput {
  readonly header: Omit<WalkForwardOutput, 'windows' | 'windowsWithoutChoice' | 'outOfSample' | 'inSample' | 'efficiency'>;
  readonly windows: number;
  readonly dataHash: string;
  readonly profile: WalkForwardProfile;
}

export interface WalkForwardWindowInput {
  readonly walkForward: WalkForwardInput;
  readonly window: number;
  readonly dataHash: string;
}

export interface WalkForwardCellDeps {
  readonly loadDataset: (ref: string) => ReplayDataset;
  readonly rateCards: readonly CompiledRateCard[];
}

// A worker thread runs many windows of one walk-forward: its dataset, plan and world are kept for the next.
const kept = keepLast<{ dataset: ReplayDataset; plan: WalkForwardPlan; world: RunWorld }>();

function prepared(deps: WalkForwardCellDeps, raw: WalkForwardInput): { dataset: ReplayDataset; plan: WalkForwardPlan; world: RunWorld; input: ReturnType<typeof WalkForwardInputSchema.parse> } {
  const input = WalkForwardInputSchema.parse(raw);
  const built = kept(JSON.stringify(input), () => {
    const dataset = deps.loadDataset(input.data);
    const plan = planWalkForward(dataset, input);
    return { dataset, plan, world: walkForwardWorld(dataset, { ...plan.options, rateCards: deps.rateCards }) };
  });
  return { ...built, input };
}

export function runWalkForwardPlan(deps: WalkForwardCellDeps, raw: WalkForwardInput): WalkForwardPlanOutput {
  const { dataset, plan, input } = prepared(deps, raw);
  const { sessionOpen, sessionClose, utcOffsetMin } = dataset.profile;
  return { header: walkForwardHeader(dataset, input, plan), windows: plan.windows.length, dataHash: dataset.dataHash, profile: { sessionOpen, sessionClose, utcOffsetMin } };
}

/** Walks window `window`; refuses data whose content differs from the plan's. */
export function runWalkForwardWindow(deps: WalkForwardCellDeps, cell: WalkForwardWindowInput): WalkForwardWindowOutcome {
  const { dataset, plan, world } = prepared(deps, cell.walkForward);
  if (dataset.dataHash !== cell.dataHash) {
    throw new AppError('CONFLICT', `data: ${cell.walkForward.data} holds other content here than when the walk-forward was planned`, { issues: [{ field: 'data', rule: 'changed while the walk-forward ran' }] });
  }
  const w = plan.windows[cell.window];
  if (w === undefined) throw new AppError('INTERNAL', `walk-forward: no window ${cell.window}`);
  return walkForwardWindow(dataset, world, plan.base, plan.combos, w, cell.window, plan.windows.length, { ...plan.options, rateCards: deps.rateCards });
}

/** A walk-forward with each window a task of its own, all in flight at once; the first failure cancels the rest. Answers the same JSON as runWalkForwardJob. */
export async function runWalkForwardOnCells(run: RunSomewhere, input: WalkForwardInput, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }): Promise<string> {
  const plan = JSON.parse(await run({ work: 'walk-forward-plan', input }, { signal: hooks.signal, onProgress: (p) => hooks.onProgress({ fraction: 0, message: p.message }) })) as WalkForwardPlanOutput;
  const failed = new AbortController();
  const signal = AbortSignal.any([hooks.signal, failed.signal]);
  setMaxListeners(0, signal);
  let done = 0;
  hooks.onProgress({ fraction: 0, message: `${plan.windows} windows queued` });
  const outcomes = await Promise.all(
    Array.from({ length: plan.windows }, async (_, window) => {
      try {
        const out = JSON.parse(await run({ work: 'walk-forward-window', input: { walkForward: input, window, dataHash: plan.dataHash } satisfies WalkForwardWindowInput }, { signal, onProgress: () => undefined })) as WalkForwardWindowOutcome;
        done++;
        hooks.onProgress({ fraction: done / plan.windows, message: `${done} of ${plan.windows} windows done` });
        return out;
      } catch (e) {
        failed.abort(e);
        throw e;
      }
    }),
  );
  return JSON.stringify({ ...plan.header, ...assembleWalkForward(outcomes, plan.profile) });
}
