/** The leaderboard: ideas that passed, ranked by how much they beat the baseline out of sample (then in the quick test). */
import type { Experiment } from './experiment-idea.js';
import { targetValue } from './stage-rules.js';

export interface LeaderboardRow {
  readonly id: number;
  readonly title: string;
  readonly status: string;
  readonly origin: string;
  readonly submitter: string;
  readonly targetMetric: string;
  /** Candidate − baseline of the target metric in validation (null before validation). */
  readonly validationEdge: number | null;
  readonly quickEdge: number | null;
  readonly validationNetPerTrade: number | null;
  readonly overrides: Readonly<Record<string, unknown>>;
}

function edge(e: Experiment, stage: 'quick' | 'validation'): number | null {
  const r = stage === 'quick' ? e.quick : e.validation;
  if (r === null) return null;
  const c = targetValue(r.candidate, e.targetMetric);
  const b = targetValue(r.baseline, e.targetMetric);
  return Number.isFinite(c) && Number.isFinite(b) ? c - b : null;
}

/** Validated ideas first, then those that passed the quick test; within each, by edge, then id. */
export function leaderboard(experiments: readonly Experiment[], limit = 20): LeaderboardRow[] {
  const rank = (e: Experiment): number => (e.status === 'validated' ? 0 : e.status === 'passed_quick' || e.status === 'validating' ? 1 : 2);
  return experiments
    .filter((e) => rank(e) < 2)
    .map((e) => ({ e, v: edge(e, 'validation'), q: edge(e, 'quick') }))
    .sort((x, y) => rank(x.e) - rank(y.e) || (y.v ?? -Infinity) - (x.v ?? -Infinity) || (y.q ?? -Infinity) - (x.q ?? -Infinity) || x.e.id - y.e.id)
    .slice(0, limit)
    .map(({ e, v, q }) => ({
      id: e.id,
      title: e.title,
      status: e.status,
      origin: e.origin,
      submitter: e.submitter,
      targetMetric: e.targetMetric,
      validationEdge: v,
      quickEdge: q,
      validationNetPerTrade: e.validation?.candidate.netPnlPerTrade ?? null,
      overrides: e.overrides,
    }));
}
