/** What a proposal's diff must satisfy before it is stored: the parameter schema and its cross-field rules, a real change, and the step limit per field. */
import { PARAM_SPECS, type ParamName } from '../../core/params/param-spec.js';
import { InvalidParamsError, withOverrides, type Params } from '../../core/params/schema.js';
import { invalidInput, type FieldIssue } from '../errors.js';

/** The parameter set the diff makes from `base`, or INVALID_INPUT naming each `diff.<field>` and its rule. */
export function checkDiff(base: Params, diff: Readonly<Record<string, unknown>>, maxStepFraction: number): Params {
  let next: Params;
  try {
    next = withOverrides(base, diff);
  } catch (e) {
    if (e instanceof InvalidParamsError) throw invalidInput(e.issues.map((i) => ({ field: i.field === '(root)' ? 'diff' : `diff.${i.field}`, rule: i.message })));
    throw e;
  }
  const issues: FieldIssue[] = [];
  const changed = Object.keys(diff).filter((k) => JSON.stringify(next[k as ParamName]) !== JSON.stringify(base[k as ParamName]));
  if (changed.length === 0) issues.push({ field: 'diff', rule: 'must change at least one parameter from the set in force' });
  for (const k of changed) {
    const spec = PARAM_SPECS[k as ParamName];
    if (spec.type !== 'number' && spec.type !== 'int') continue;
    const limit = maxStepFraction * (spec.max - spec.min);
    const step = Math.abs((next[k as ParamName] as number) - (base[k as ParamName] as number));
    if (step > limit + 1e-9) {
      issues.push({ field: `diff.${k}`, rule: `moves ${step} from ${String(base[k as ParamName])}; one proposal may move it at most ${+limit.toPrecision(6)} (${maxStepFraction * 100}% of its range ${spec.min}..${spec.max})` });
    }
  }
  if (issues.length > 0) throw invalidInput(issues);
  return next;
}

/** Field → [before, after] for every parameter that differs. */
export function paramsDiff(before: Params, after: Params): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of Object.keys(PARAM_SPECS) as ParamName[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = [before[k], after[k]];
  }
  return out;
}
