/**
 * Reads a model's answer into proposals governance can take. Refused (with the reason in the notes): an answer
 * or proposal with unknown keys, a field that is not a parameter or not a tuner's, a value of the wrong type,
 * a field twice, a proposal that changes nothing or breaks a cross-field rule. Clamped (with the reason): a
 * number outside its bounds (to the bound) or beyond the step limit (to the limit). So nothing out of bounds
 * or beyond the step ever reaches governance, which checks again.
 */
import type { ParamName } from '../../../core/params/param-spec.js';
import type { Params } from '../../../core/params/schema.js';
import { AppError } from '../../errors.js';
import { checkDiff } from '../../governance/proposal-checks.js';
import { TUNABLE_FIELDS, untunableReason, type TunableSpec } from '../tunable-fields.js';
import type { TunerProposal } from '../tuner.js';
import { MAX_PROPOSALS, MAX_RATIONALE } from './answer-schema.js';

export interface ReadAnswer {
  readonly proposals: readonly TunerProposal[];
  /** Proposals the answer made that were refused. */
  readonly refused: number;
  readonly assessment: string | null;
  readonly notes: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};
const unknownKeys = (o: Record<string, unknown>, allowed: readonly string[]): string[] => Object.keys(o).filter((k) => !allowed.includes(k));
/** Trims binary-float noise (8 + 0.1 × 3 → 8.3), which would otherwise read as a move past the step limit. */
const tidy = (x: number): number => +x.toPrecision(12);

class Refusal extends Error {}

/** The value a change may take: the type checked (refused when wrong), a number clamped to its bounds and the step limit. */
function valueOf(field: ParamName, spec: TunableSpec, raw: unknown, base: unknown, maxStepFraction: number, notes: string[], at: string): unknown {
  switch (spec.type) {
    case 'bool':
      if (typeof raw !== 'boolean') throw new Refusal(`${field} must be true or false, got ${show(raw)}`);
      return raw;
    case 'enum':
      if (typeof raw !== 'string' || !spec.values.includes(raw)) throw new Refusal(`${field} must be one of ${spec.values.join(', ')}, got ${show(raw)}`);
      return raw;
    case 'number':
    case 'int': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new Refusal(`${field} must be a number (${spec.unit}), got ${show(raw)}`);
      if (spec.type === 'int' && !Number.isInteger(raw)) throw new Refusal(`${field} must be a whole number (${spec.unit}), got ${raw}`);
      let v = raw;
      if (v < spec.min || v > spec.max) {
        const bound = v < spec.min ? spec.min : spec.max;
        notes.push(`${at}: ${field} ${raw} is ${v < spec.min ? 'below its minimum' : 'above its maximum'} ${bound}: clamped to ${bound}`);
        v = bound;
      }
      const from = base as number;
      const limit = maxStepFraction * (spec.max - spec.min);
      const step = spec.type === 'int' ? Math.floor(limit + 1e-9) : limit;
      if (Math.abs(v - from) > limit + 1e-9) {
        const to = tidy(v > from ? from + step : from - step);
        notes.push(`${at}: ${field} ${v} moves ${tidy(Math.abs(v - from))} from ${from}; the step limit is ${tidy(limit)} (${tidy(maxStepFraction * 100)}% of ${spec.min}..${spec.max}): clamped to ${to}`);
        v = to;
      }
      return v;
    }
  }
}

/** One proposal of the answer, or a Refusal saying why not. */
function readProposal(raw: unknown, at: string, base: Params, maxStepFraction: number, fittedTo: string | null, notes: string[]): TunerProposal {
  if (!isObject(raw)) throw new Refusal(`must be an object with changes and rationale, got ${show(raw)}`);
  const extra = unknownKeys(raw, ['changes', 'rationale']);
  if (extra.length > 0) throw new Refusal(`unknown key(s) ${extra.map((k) => JSON.stringify(k)).join(', ')} (a proposal has changes and rationale only)`);
  if (typeof raw.rationale !== 'string' || raw.rationale.trim() === '') throw new Refusal(`rationale must be a non-empty string, got ${show(raw.rationale)}`);
  let rationale = raw.rationale.trim();
  if (rationale.length > MAX_RATIONALE) {
    notes.push(`${at}: its rationale of ${rationale.length} characters was cut to ${MAX_RATIONALE}`);
    rationale = rationale.slice(0, MAX_RATIONALE);
  }
  if (!Array.isArray(raw.changes) || raw.changes.length === 0) throw new Refusal(`changes must be a non-empty list of {field, value}, got ${show(raw.changes)}`);
  const diff: Record<string, unknown> = {};
  for (const change of raw.changes as unknown[]) {
    if (!isObject(change)) throw new Refusal(`a change must be {field, value}, got ${show(change)}`);
    const extraKeys = unknownKeys(change, ['field', 'value']);
    if (extraKeys.length > 0) throw new Refusal(`a change has unknown key(s) ${extraKeys.map((k) => JSON.stringify(k)).join(', ')} (a change is {field, value})`);
    if (typeof change.field !== 'string') throw new Refusal(`a change's field must be a parameter name, got ${show(change.field)}`);
    const field = change.field;
    const why = untunableReason(field);
    if (why !== null) throw new Refusal(`${JSON.stringify(field).slice(0, 60)} ${why}`);
    if (Object.hasOwn(diff, field)) throw new Refusal(`${field} is changed twice`);
    if (!('value' in change)) throw new Refusal(`${field} has no value`);
    const name = field as ParamName;
    diff[field] = valueOf(name, TUNABLE_FIELDS.get(name)!, change.value, base[name], maxStepFraction, notes, at);
  }
  for (const [field, value] of Object.entries(diff)) {
    if (JSON.stringify(value) === JSON.stringify(base[field as ParamName])) {
      notes.push(`${at}: ${field} ${show(value)} is the value in force: dropped`);
      delete diff[field];
    }
  }
  if (Object.keys(diff).length === 0) throw new Refusal('changes nothing from the set in force');
  try {
    checkDiff(base, diff, maxStepFraction);
  } catch (e) {
    if (e instanceof AppError) throw new Refusal(e.issues.length > 0 ? e.issues.map((i) => `${i.field}: ${i.rule}`).join('; ') : e.message);
    throw e;
  }
  return { diff, rationale, fittedTo };
}

/** Reads `answer` against the set in force `base`; `fittedTo` is the last date of the evidence the model saw. */
export function readAnswer(answer: unknown, base: Params, maxStepFraction: number, fittedTo: string | null): ReadAnswer {
  const notes: string[] = [];
  const refuseAll = (why: string): ReadAnswer => ({ proposals: [], refused: 0, assessment: null, notes: [`answer refused: ${why}`] });
  if (!isObject(answer)) return refuseAll(`it must be a JSON object with assessment and proposals, got ${show(answer)}`);
  const extra = unknownKeys(answer, ['assessment', 'proposals']);
  if (extra.length > 0) return refuseAll(`unknown key(s) ${extra.map((k) => JSON.stringify(k).slice(0, 40)).join(', ')} (an answer has assessment and proposals only)`);
  if (answer.assessment !== undefined && typeof answer.assessment !== 'string') return refuseAll(`assessment must be a string, got ${show(answer.assessment)}`);
  if (!Array.isArray(answer.proposals)) return refuseAll(`proposals must be a list, got ${show(answer.proposals)}`);
  const assessment = typeof answer.assessment === 'string' ? answer.assessment.trim().slice(0, MAX_RATIONALE) : null;
  const list = answer.proposals as unknown[];
  if (list.length > MAX_PROPOSALS) notes.push(`the answer made ${list.length} proposals; only the first ${MAX_PROPOSALS} are read, the rest refused`);
  const proposals: TunerProposal[] = [];
  let refused = Math.max(0, list.length - MAX_PROPOSALS);
  list.slice(0, MAX_PROPOSALS).forEach((raw, i) => {
    const at = `proposal ${i + 1}`;
    try {
      proposals.push(readProposal(raw, at, base, maxStepFraction, fittedTo, notes));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      refused++;
      notes.push(`${at} refused: ${e.message}`);
    }
  });
  return { proposals, refused, assessment, notes };
}
