/** One sweep axis checked against the parameter table: the name must exist and every value or range must lie inside the schema. */
import { PARAM_SPECS, type NumberSpec, type ParamName, type ParamSpec } from '../../core/params/param-spec.js';
import { ParamOverridesSchema } from '../../core/params/schema.js';
import { decimalsOf, roundTo } from './decimals.js';
import { SweepSpaceError } from './sweep-space-error.js';

/** A value a parameter can take: a number, a boolean, an enum value or an HH:MM time. */
export type AxisValue = number | boolean | string;

/** Grid axis over a numeric parameter: min, min + step, … up to max (inclusive when max is on the step). */
export interface AxisRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** Random axis over a numeric parameter: values drawn uniformly in [min, max]. */
export interface AxisBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * The grain random draws of a `number` parameter are rounded to, by unit (points move in 0.05 ticks);
 * a finer grain is used when the parameter's own range or default has more decimals.
 */
const UNIT_GRAIN: Readonly<Record<NumberSpec['unit'], number>> = {
  points: 0.05,
  rupees: 1,
  percent: 0.1,
  ratio: 0.01,
  rsi: 0.5,
  adx: 0.5,
  score: 1,
  ms: 1,
  ticks: 1,
  lots: 1,
  units: 1,
  trades: 1,
};

/** Looks a parameter up by name; refuses an unknown name (suggesting the right spelling when only the case differs). */
export function specOf(name: string): NumberSpec | Exclude<ParamSpec, NumberSpec> {
  if (Object.hasOwn(PARAM_SPECS, name)) return PARAM_SPECS[name as ParamName];
  const near = Object.keys(PARAM_SPECS).find((k) => k.toLowerCase() === name.toLowerCase());
  throw new SweepSpaceError(name, `unknown parameter${near === undefined ? '' : ` (did you mean ${near}?)`}; \`scalper params\` lists them`);
}

function numericSpec(name: string, spec: ParamSpec, shape: string): NumberSpec {
  if (spec.type === 'int' || spec.type === 'number') return spec;
  throw new SweepSpaceError(name, `a ${shape} range needs a numeric parameter, and this one is ${spec.type}: list its values instead`);
}

/** The grain (smallest step) a random draw of this numeric parameter is rounded to. */
export function naturalGrain(spec: NumberSpec): number {
  if (spec.type === 'int') return 1;
  const places = Math.max(decimalsOf(spec.min), decimalsOf(spec.max), decimalsOf(spec.default));
  return Math.min(UNIT_GRAIN[spec.unit], 10 ** -places);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads the numeric fields of a range object, refusing missing, non-finite and unknown keys. */
function readFields<K extends string>(name: string, raw: unknown, keys: readonly K[]): Record<K, number> {
  const shape = `{ ${keys.join(', ')} }`;
  if (!isRecord(raw)) throw new SweepSpaceError(name, `must be a list of values or a range ${shape}`);
  const extra = Object.keys(raw).filter((k) => !(keys as readonly string[]).includes(k));
  if (extra.length > 0) throw new SweepSpaceError(name, `unknown key(s) ${extra.join(', ')} in a range; expected ${shape}`);
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = raw[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SweepSpaceError(name, `range ${k} must be a finite number, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

/** Refuses bounds outside the parameter's schema range, reversed bounds, and fractional bounds of an int. */
function checkBounds(name: string, spec: NumberSpec, min: number, max: number): void {
  if (min > max) throw new SweepSpaceError(name, `range min ${min} must not exceed max ${max}`);
  if (min < spec.min) throw new SweepSpaceError(name, `range min ${min} is below the parameter's minimum ${spec.min} ${spec.unit}`);
  if (max > spec.max) throw new SweepSpaceError(name, `range max ${max} is above the parameter's maximum ${spec.max} ${spec.unit}`);
  if (spec.type === 'int') {
    for (const [k, v] of [['min', min], ['max', max]] as const) {
      if (!Number.isInteger(v)) throw new SweepSpaceError(name, `range ${k} ${v} must be a whole number: the parameter is an integer (${spec.unit})`);
    }
  }
}

/** Checks a list of values, each against the parameter's own schema (type, range, whole number, enum, HH:MM). */
export function listAxisValues(name: string, raw: readonly unknown[]): AxisValue[] {
  if (raw.length === 0) throw new SweepSpaceError(name, 'the list of values is empty: give at least one value');
  const seen = new Set<string>();
  return raw.map((value) => {
    const parsed = ParamOverridesSchema.safeParse({ [name]: value });
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'is not a valid value';
      throw new SweepSpaceError(name, `value ${JSON.stringify(value)}: ${message}`);
    }
    const key = JSON.stringify(value);
    if (seen.has(key)) throw new SweepSpaceError(name, `value ${key} is listed twice`);
    seen.add(key);
    return value as AxisValue;
  });
}

/** Expands a grid range `{ min, max, step }`; refuses more than `cap` values before building any. */
export function rangeAxisValues(name: string, spec: ParamSpec, raw: unknown, cap: number): number[] {
  const numeric = numericSpec(name, spec, '{ min, max, step }');
  const { min, max, step } = readFields(name, raw, ['min', 'max', 'step'] as const);
  checkBounds(name, numeric, min, max);
  if (!(step > 0)) throw new SweepSpaceError(name, `range step must be greater than 0, got ${step}`);
  if (numeric.type === 'int' && !Number.isInteger(step)) {
    throw new SweepSpaceError(name, `range step ${step} must be a whole number: the parameter is an integer (${numeric.unit})`);
  }
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  if (count > cap) throw new SweepSpaceError(name, `range gives ${count} values, more than the cap of ${cap} combinations`);
  const places = Math.max(decimalsOf(min), decimalsOf(step));
  const values: number[] = [];
  for (let k = 0; k < count; k++) values.push(roundTo(min + k * step, places));
  return values;
}

/** A checked random range: draws are `(first + k) × grain` for a uniform integer k in [0, steps]. */
export interface RandomRange {
  readonly first: number;
  readonly grain: number;
  readonly steps: number;
  readonly places: number;
}

/** Checks random bounds `{ min, max }` and lays the parameter's grain over them. */
export function randomRange(name: string, spec: ParamSpec, raw: unknown): RandomRange {
  const numeric = numericSpec(name, spec, '{ min, max }');
  const { min, max } = readFields(name, raw, ['min', 'max'] as const);
  checkBounds(name, numeric, min, max);
  const grain = naturalGrain(numeric);
  const kLo = Math.ceil(min / grain - 1e-9);
  const kHi = Math.floor(max / grain + 1e-9);
  if (kLo > kHi) throw new SweepSpaceError(name, `range ${min}..${max} holds no multiple of the parameter's grain ${grain} ${numeric.unit}`);
  const places = decimalsOf(grain);
  return { first: kLo, grain, steps: kHi - kLo, places };
}
