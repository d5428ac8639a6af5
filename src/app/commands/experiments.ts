/** Use cases of the experiment queue: submit, list, show, leaderboard, and the meta-analysis's proposals. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../adapters/data/canonical-json.js';
import { AppError, invalidInput, toAppError } from '../errors.js';
import { InvalidParamsError, withOverrides } from '../../core/params/schema.js';
import { presetParams, type PresetName } from '../../core/params/presets.js';
import { ExperimentIdeaSchema, type Experiment, type ExperimentOrigin, type ExperimentReview, type ExperimentStatus } from '../../experiments/experiment-idea.js';
import { leaderboard, type LeaderboardRow } from '../../experiments/leaderboard.js';
import { findings, proposeIdeas, type ParamFinding } from '../../experiments/meta-analysis.js';

/** The queue store as these use cases need it (ExperimentStore implements it). */
export interface ExperimentBook {
  submit(idea: z.output<typeof ExperimentIdeaSchema>, origin: ExperimentOrigin, ts: number): { experiment: Experiment; created: boolean };
  get(id: number): Experiment | undefined;
  list(status?: ExperimentStatus, limit?: number): Experiment[];
  review(id: number, expected: ExperimentStatus, review: ExperimentReview, move: { readonly status: ExperimentStatus; readonly reason: string } | null): Experiment | undefined;
}

export interface ExperimentDeps {
  readonly store: ExperimentBook;
  readonly now: () => number;
  /** Throws (naming `dataset`) when the reference cannot be loaded. */
  readonly checkDataset: (ref: string) => void;
}

/** A hypothesis is somebody else's words: every output marks it as untrusted. */
export interface ExperimentView extends Omit<Experiment, 'hypothesis'> {
  readonly hypothesis: { readonly untrusted: true; readonly text: string };
}

export const view = (e: Experiment): ExperimentView => ({ ...e, hypothesis: { untrusted: true, text: e.hypothesis } });

/**
 * The idempotency key of an idea submitted without one: a hash of its content (keys sorted, the submitter
 * left out), so the same idea from the CLI, REST or MCP, sent twice, is one experiment.
 */
export function contentKey(idea: unknown): string {
  return `content:${createHash('sha256').update(canonicalJson(idea)).digest('hex').slice(0, 32)}`;
}

/** Validates the idea (its overrides against the parameter schema, its dataset) and queues it. */
export function submitExperiment(deps: ExperimentDeps, raw: unknown, origin: ExperimentOrigin): { experiment: ExperimentView; created: boolean } {
  const idea = ExperimentIdeaSchema.parse(raw);
  try {
    withOverrides(presetParams(idea.basePreset as PresetName), idea.overrides);
  } catch (e) {
    if (e instanceof InvalidParamsError) throw new InvalidParamsError(e.issues.map((i) => ({ field: `overrides.${i.field}`, message: i.message })));
    throw e;
  }
  try {
    deps.checkDataset(idea.dataset);
  } catch (e) {
    // A dataset that cannot be read is this field's problem; anything else keeps its own code.
    const err = toAppError(e);
    if (err.code !== 'INVALID_INPUT') throw e;
    const rule = err.issues.length === 1 ? err.issues[0]!.rule : err.message;
    throw new AppError('INVALID_INPUT', `dataset: ${rule}`, { issues: [{ field: 'dataset', rule }] });
  }
  const out = deps.store.submit(idea, origin, deps.now());
  return { experiment: view(out.experiment), created: out.created };
}

export const ListExperimentsInputSchema = z
  .object({
    status: z.enum(['pending', 'running', 'passed_quick', 'rejected', 'validating', 'validated', 'failed_validation', 'error']).optional(),
    limit: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

export function listExperiments(deps: Pick<ExperimentDeps, 'store'>, raw: z.input<typeof ListExperimentsInputSchema>): ExperimentView[] {
  const input = ListExperimentsInputSchema.parse(raw);
  return deps.store.list(input.status, input.limit).map(view);
}

export function showExperiment(deps: Pick<ExperimentDeps, 'store'>, id: number): ExperimentView {
  if (!Number.isSafeInteger(id) || id < 1) throw invalidInput([{ field: 'id', rule: `must be a positive whole number, got ${id}` }]);
  const e = deps.store.get(id);
  if (e === undefined) throw new AppError('NOT_FOUND', `id: no experiment ${id}`, { issues: [{ field: 'id', rule: `no experiment ${id}` }] });
  return view(e);
}

export function experimentLeaderboard(deps: Pick<ExperimentDeps, 'store'>, limit = 20): LeaderboardRow[] {
  return leaderboard(deps.store.list(undefined, 100_000), limit);
}

/** Reads every result, reports what tends to win or lose, and queues its proposals (marked origin `meta`). */
export function runMetaAnalysis(
  deps: ExperimentDeps,
  o: { readonly dataset: string; readonly basePreset: string; readonly max?: number },
): { findings: ParamFinding[]; proposed: ExperimentView[] } {
  const all = deps.store.list(undefined, 100_000);
  const ideas = proposeIdeas(all, o);
  const proposed = ideas.map((idea) => submitExperiment(deps, idea, 'meta')).filter((r) => r.created).map((r) => r.experiment);
  return { findings: findings(all), proposed };
}

/**
 * The trader's verdict. Approve accepts a validated experiment's evidence (promoting it to a parameter
 * proposal comes with the proposals). Reject dismisses it; one still waiting (pending, or passed the quick
 * test and waiting for validation) is taken off the queue. A stage that is running is never cut short.
 */
export function reviewExperiment(
  deps: Pick<ExperimentDeps, 'store' | 'now'>,
  input: { readonly id: number; readonly verdict: 'approve' | 'reject'; readonly note?: string | undefined },
  by: string,
): ExperimentView {
  const e = deps.store.get(input.id);
  if (e === undefined) throw new AppError('NOT_FOUND', `id: no experiment ${input.id}`, { issues: [{ field: 'id', rule: `no experiment ${input.id}` }] });
  const review: ExperimentReview = { verdict: input.verdict === 'approve' ? 'approved' : 'rejected', by, ts: deps.now(), note: input.note ?? null };
  let move: { status: ExperimentStatus; reason: string } | null = null;
  if (input.verdict === 'approve' && e.status !== 'validated') {
    throw new AppError('CONFLICT', `experiment ${e.id} is ${e.status}: only a validated experiment can be approved`, { hint: 'wait for its validation, or reject it' });
  }
  if (input.verdict === 'reject') {
    if (e.status === 'running' || e.status === 'validating') throw new AppError('CONFLICT', `experiment ${e.id} is ${e.status}: a running stage is not cut short; reject it when the stage ends`);
    if (e.status === 'pending' || e.status === 'passed_quick') move = { status: 'rejected', reason: `rejected by ${by}${input.note === undefined ? '' : `: ${input.note}`}` };
  }
  const out = deps.store.review(e.id, e.status, review, move);
  if (out === undefined) throw new AppError('CONFLICT', `experiment ${e.id} changed while it was being reviewed; read it and review again`);
  return view(out);
}
