/** Sweep spaces (grid or seeded random) and their expansion into parameter combos, checked before anything runs. */
import { createRng } from '../../core/rng.js';
import { InvalidParamsError, withOverrides, type Params } from '../../core/params/schema.js';
import type { ParamName } from '../../core/params/param-spec.js';
import {
  listAxisValues,
  randomRange,
  rangeAxisValues,
  specOf,
  type AxisBounds,
  type AxisRange,
  type AxisValue,
} from './axis-rules.js';
import { roundTo } from './decimals.js';
import { SweepSpaceError } from './sweep-space-error.js';

/** Most combos one sweep may expand to, unless the caller sets another cap. */
export const MAX_SWEEP_COMBOS = 10_000;

/** Every combination of the axes' values; the first axis varies slowest, the last fastest. */
export interface GridSpace {
  readonly kind: 'grid';
  readonly axes: Partial<Record<ParamName, readonly AxisValue[] | AxisRange>>;
}

/** `samples` combos, each axis drawn uniformly (ranges at the parameter's grain, lists by value) from `createRng(seed)`. */
export interface RandomSpace {
  readonly kind: 'random';
  readonly axes: Partial<Record<ParamName, readonly AxisValue[] | AxisBounds>>;
  readonly samples: number;
  readonly seed: number;
}

export type SweepSpace = GridSpace | RandomSpace;

/** One point of the space: its position in the expansion and the overrides applied on top of the base. */
export interface SweepCombo {
  readonly index: number;
  readonly overrides: Readonly<Record<string, AxisValue>>;
}

/** A combo that breaks a cross-field rule of the parameter schema: listed, skipped, never run. */
export interface InvalidCombo extends SweepCombo {
  readonly issues: InvalidParamsError['issues'];
}

export interface ExpandedSpace {
  /** Valid combos in index order. */
  readonly combos: readonly SweepCombo[];
  readonly invalid: readonly InvalidCombo[];
  /** combos + invalid: every point of the space. */
  readonly total: number;
}

export interface ExpandOptions {
  /** Most combos allowed (default MAX_SWEEP_COMBOS). */
  readonly maxCombos?: number;
}

interface Axis {
  readonly name: string;
  readonly draw: (next: () => number) => AxisValue;
}

function axisEntries(space: { readonly axes?: unknown }): [string, unknown][] {
  const axes = space.axes;
  if (typeof axes !== 'object' || axes === null || Array.isArray(axes)) {
    throw new SweepSpaceError(null, 'axes must be an object mapping parameter names to values or ranges');
  }
  const entries = Object.entries(axes);
  if (entries.length === 0) throw new SweepSpaceError(null, 'axes is empty: name at least one parameter to sweep');
  return entries;
}

function gridAxes(space: GridSpace, cap: number): { name: string; values: readonly AxisValue[] }[] {
  return axisEntries(space).map(([name, raw]) => {
    const spec = specOf(name);
    const values = Array.isArray(raw) ? listAxisValues(name, raw) : rangeAxisValues(name, spec, raw, cap);
    return { name, values };
  });
}

function randomAxes(space: RandomSpace): Axis[] {
  return axisEntries(space).map(([name, raw]) => {
    const spec = specOf(name);
    if (Array.isArray(raw)) {
      const values = listAxisValues(name, raw);
      return { name, draw: (next) => values[Math.floor(next() * values.length)]! };
    }
    const r = randomRange(name, spec, raw);
    return { name, draw: (next) => roundTo((r.first + Math.floor(next() * (r.steps + 1))) * r.grain, r.places) };
  });
}

const SPACE_KEYS: Readonly<Record<string, readonly string[]>> = { grid: ['kind', 'axes'], random: ['kind', 'axes', 'samples', 'seed'] };

/** Refuses keys a space of this kind does not have (a typo such as "sample" must not pass silently). */
function checkKeys(space: object, kind: unknown): void {
  const allowed = typeof kind === 'string' && Object.hasOwn(SPACE_KEYS, kind) ? SPACE_KEYS[kind] : undefined;
  if (allowed === undefined) return;
  const extra = Object.keys(space).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw new SweepSpaceError(null, `unknown key(s) ${extra.join(', ')}; a ${String(kind)} space has ${allowed.join(', ')}`);
}

function checkCap(cap: unknown): number {
  if (typeof cap !== 'number' || !Number.isSafeInteger(cap) || cap < 1) {
    throw new SweepSpaceError(null, `maxCombos must be a positive whole number, got ${String(cap)}`);
  }
  return cap;
}

/** The grid's overrides in product order; refuses a product above the cap before building any combo. */
function gridPoints(space: GridSpace, cap: number): Record<string, AxisValue>[] {
  const axes = gridAxes(space, cap);
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > cap) {
    const sizes = axes.map((a) => `${a.name} ${a.values.length}`).join(' × ');
    throw new SweepSpaceError(null, `the grid has ${total} combinations (${sizes}), more than the cap of ${cap}: narrow an axis or sample it with kind "random"`);
  }
  const points: Record<string, AxisValue>[] = [];
  const digits = axes.map(() => 0);
  for (let i = 0; i < total; i++) {
    const overrides: Record<string, AxisValue> = {};
    axes.forEach((a, j) => (overrides[a.name] = a.values[digits[j]!]!));
    points.push(overrides);
    for (let j = axes.length - 1; j >= 0; j--) {
      digits[j] = digits[j]! + 1;
      if (digits[j]! < axes[j]!.values.length) break;
      digits[j] = 0;
    }
  }
  return points;
}

function randomPoints(space: RandomSpace, cap: number): Record<string, AxisValue>[] {
  const { samples, seed } = space;
  if (typeof samples !== 'number' || !Number.isSafeInteger(samples) || samples < 1) {
    throw new SweepSpaceError(null, `samples must be a positive whole number, got ${JSON.stringify(samples)}`);
  }
  if (samples > cap) throw new SweepSpaceError(null, `samples ${samples} is more than the cap of ${cap} combinations`);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SweepSpaceError(null, `seed must be a whole number in 0..4294967295, got ${JSON.stringify(seed)}`);
  }
  const axes = randomAxes(space);
  const rng = createRng(seed);
  const next = (): number => rng.next();
  const points: Record<string, AxisValue>[] = [];
  for (let s = 0; s < samples; s++) {
    const overrides: Record<string, AxisValue> = {};
    for (const a of axes) overrides[a.name] = a.draw(next);
    points.push(overrides);
  }
  return points;
}

/**
 * Expands a space into combos on top of `base`. Throws SweepSpaceError (naming the parameter and the
 * rule) for an unknown parameter, a value or range outside the parameter's schema, a fractional step or
 * bound of an integer parameter, an empty axis, or more combos than the cap. Combos that break only a
 * cross-field rule of the schema are returned in `invalid`, not thrown.
 */
export function expandSpace(base: Params, space: SweepSpace, options: ExpandOptions = {}): ExpandedSpace {
  const cap = checkCap(options.maxCombos ?? MAX_SWEEP_COMBOS);
  if (typeof space !== 'object' || space === null) throw new SweepSpaceError(null, 'must be an object { kind, axes, … }');
  const kind = (space as { kind?: unknown }).kind;
  checkKeys(space, kind);
  let points: Record<string, AxisValue>[];
  if (kind === 'grid') points = gridPoints(space as GridSpace, cap);
  else if (kind === 'random') points = randomPoints(space as RandomSpace, cap);
  else throw new SweepSpaceError(null, `kind must be "grid" or "random", got ${JSON.stringify(kind)}`);
  const combos: SweepCombo[] = [];
  const invalid: InvalidCombo[] = [];
  points.forEach((overrides, index) => {
    try {
      withOverrides(base, overrides);
      combos.push({ index, overrides });
    } catch (e) {
      if (!(e instanceof InvalidParamsError)) throw e;
      invalid.push({ index, overrides, issues: e.issues });
    }
  });
  return { combos, invalid, total: points.length };
}
