/** The meta-analysis: reads every finished experiment, finds which parameter moves tend to win or lose, and proposes new ideas. */
import { createHash } from 'node:crypto';
import { PARAM_SPECS, type ParamName } from '../core/params/param-spec.js';
import { presetParams, isPresetName } from '../core/params/presets.js';
import { withOverrides } from '../core/params/schema.js';
import type { Experiment, ExperimentIdea } from './experiment-idea.js';
import { targetValue } from './stage-rules.js';

export interface ParamFinding {
  readonly param: string;
  readonly direction: 'up' | 'down';
  readonly experiments: number;
  /** Mean edge over the baseline (validation if available, else quick), in the target metric's units. */
  readonly meanEdge: number;
  readonly wins: number;
}

const FINISHED = new Set(['rejected', 'passed_quick', 'validated', 'failed_validation']);

function edgeOf(e: Experiment): number | null {
  const r = e.validation ?? e.quick;
  if (r === null) return null;
  const c = targetValue(r.candidate, e.targetMetric);
  const b = targetValue(r.baseline, e.targetMetric);
  return Number.isFinite(c) && Number.isFinite(b) ? c - b : null;
}

/** Per (numeric parameter, direction from the preset's value): how often and by how much moving it won. */
export function findings(experiments: readonly Experiment[]): ParamFinding[] {
  const acc = new Map<string, { param: string; direction: 'up' | 'down'; n: number; sum: number; wins: number }>();
  for (const e of experiments) {
    if (!FINISHED.has(e.status) || !isPresetName(e.basePreset)) continue;
    const edge = edgeOf(e);
    if (edge === null) continue;
    const base = presetParams(e.basePreset) as Record<string, unknown>;
    for (const [param, value] of Object.entries(e.overrides)) {
      const from = base[param];
      if (typeof value !== 'number' || typeof from !== 'number' || value === from) continue;
      const direction = value > from ? 'up' : 'down';
      const key = `${param}:${direction}`;
      const a = acc.get(key) ?? { param, direction, n: 0, sum: 0, wins: 0 };
      a.n++;
      a.sum += edge;
      if (edge > 0) a.wins++;
      acc.set(key, a);
    }
  }
  return [...acc.values()]
    .map((a) => ({ param: a.param, direction: a.direction, experiments: a.n, meanEdge: a.sum / a.n, wins: a.wins }))
    .sort((x, y) => y.meanEdge - x.meanEdge || x.param.localeCompare(y.param) || x.direction.localeCompare(y.direction));
}

/**
 * Proposes ideas: for a move that won on average, one more step the same way from the best value tried;
 * for a move that lost, the opposite direction from the preset. Steps are 10 % of the parameter's range
 * (whole steps for integers); proposals that break the schema are skipped. Idempotency keys are derived
 * from the content, so proposing twice never queues a duplicate.
 */
export function proposeIdeas(experiments: readonly Experiment[], o: { readonly dataset: string; readonly basePreset: string; readonly max?: number }): ExperimentIdea[] {
  if (!isPresetName(o.basePreset)) throw new RangeError(`basePreset: unknown preset ${o.basePreset}`);
  const base = presetParams(o.basePreset);
  const ideas: ExperimentIdea[] = [];
  for (const f of findings(experiments)) {
    if (ideas.length >= (o.max ?? 5)) break;
    if (!(f.param in PARAM_SPECS)) continue;
    const spec = PARAM_SPECS[f.param as ParamName];
    if (spec.type !== 'int' && spec.type !== 'number') continue;
    const step = spec.type === 'int' ? Math.max(1, Math.round((spec.max - spec.min) / 10)) : Number(((spec.max - spec.min) / 10).toPrecision(2));
    const from = base[f.param as ParamName] as number;
    const winning = f.meanEdge > 0;
    const direction = winning ? f.direction : f.direction === 'up' ? 'down' : 'up';
    const tried = experiments.flatMap((e) => (FINISHED.has(e.status) && typeof e.overrides[f.param] === 'number' ? [e.overrides[f.param] as number] : []));
    const anchor = winning ? (direction === 'up' ? Math.max(from, ...tried) : Math.min(from, ...tried)) : from;
    const raw = anchor + (direction === 'up' ? step : -step);
    const value = spec.type === 'int' ? Math.round(raw) : Number(raw.toFixed(2));
    const overrides = { [f.param]: value };
    try {
      withOverrides(base, overrides);
    } catch {
      continue;
    }
    const content = JSON.stringify({ overrides, dataset: o.dataset, basePreset: o.basePreset });
    ideas.push({
      title: `meta: ${f.param} ${direction === 'up' ? 'raised' : 'lowered'} to ${value}`,
      hypothesis: `${f.experiments} experiment(s) moved ${f.param} ${f.direction} with a mean edge of ${f.meanEdge.toFixed(4)} (${f.wins} won); ${winning ? 'push further' : 'try the opposite way'}.`,
      overrides,
      basePreset: o.basePreset,
      dataset: o.dataset,
      targetMetric: 'netPnlPerTrade',
      budget: { quickFraction: 0.3 },
      submitter: 'meta-analysis',
      idempotencyKey: `meta:${createHash('sha256').update(content).digest('hex').slice(0, 20)}`,
    });
  }
  return ideas;
}
