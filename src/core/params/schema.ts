/** The zod schema for a full parameter set, built from the parameter table, with the cross-field rules. */
import { z } from 'zod';
import { PARAM_SPECS, WEEKDAYS, type ParamName, type ParamSpec, type Weekday } from './param-spec.js';

type ValueOf<S> = S extends { type: 'bool' }
  ? boolean
  : S extends { type: 'enum'; values: readonly (infer V)[] }
    ? V
    : S extends { type: 'time' }
      ? string
      : S extends { type: 'weekdays' }
        ? readonly Weekday[]
        : number;

/** A complete, validated parameter set. */
export type Params = { readonly [K in ParamName]: ValueOf<(typeof PARAM_SPECS)[K]> };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function baseSchema(spec: ParamSpec): z.ZodType {
  switch (spec.type) {
    case 'bool':
      return z.boolean({ error: 'must be true or false' }).describe(spec.doc);
    case 'enum':
      return z
        .enum(spec.values as [string, ...string[]], { error: `must be one of ${spec.values.join(', ')}` })
        .describe(spec.doc);
    case 'time':
      return z
        .string({ error: 'must be a time HH:MM' })
        .regex(HHMM, { error: 'must be a time HH:MM (24h, exchange local)' })
        .describe(spec.doc);
    case 'weekdays':
      return z
        .array(z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }), { error: `must be a list of weekdays, e.g. ["MON"]` })
        .refine((days) => new Set(days).size === days.length, { error: 'must not list a weekday twice' })
        .describe(spec.doc);
    case 'int':
    case 'number': {
      let s = z.number({ error: `must be a number (${spec.unit})` });
      if (spec.type === 'int') s = s.int({ error: `must be a whole number (${spec.unit})` });
      s = s
        .min(spec.min, { error: `must be at least ${spec.min} ${spec.unit}` })
        .max(spec.max, { error: `must be at most ${spec.max} ${spec.unit}` });
      return s.describe(`${spec.doc} [${spec.unit}, ${spec.min}..${spec.max}]`);
    }
  }
}

const specEntries = Object.entries(PARAM_SPECS) as [ParamName, ParamSpec][];
const shapeWithDefaults = Object.fromEntries(
  specEntries.map(([name, spec]) => [name, baseSchema(spec).default(spec.default as never)]),
) as unknown as Record<ParamName, z.ZodType>;
const shapeOptional = Object.fromEntries(
  specEntries.map(([name, spec]) => [name, baseSchema(spec).optional()]),
) as unknown as Record<ParamName, z.ZodType>;

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Cross-field rules: each names the field it blames and the rule. */
function crossFieldRules(p: Params, ctx: z.RefinementCtx): void {
  const fail = (path: ParamName, message: string): void => {
    ctx.addIssue({ code: 'custom', path: [path], message });
  };
  if (p.rrGuardEnabled && p.tpPoints < p.slPoints) {
    fail('tpPoints', `must be at least slPoints (${p.slPoints}) while rrGuardEnabled is true`);
  }
  if (p.rrGuardEnabled) {
    for (const [tp, sl] of [
      ['expiryTp1400', 'expirySl1400'],
      ['expiryTp1430', 'expirySl1430'],
      ['expiryTp1500', 'expirySl1500'],
    ] as const) {
      if (p[tp] < p[sl]) fail(tp, `must be at least ${sl} (${p[sl]}) while rrGuardEnabled is true`);
    }
  }
  if (p.indexRsiBull <= p.indexRsiBear) fail('indexRsiBull', `must be greater than indexRsiBear (${p.indexRsiBear})`);
  if (p.breakevenTriggerPts > p.lockTriggerPts) {
    fail('breakevenTriggerPts', `must not exceed lockTriggerPts (${p.lockTriggerPts}): stage triggers increase`);
  }
  if (p.lockTriggerPts >= p.trailTriggerPts) fail('trailTriggerPts', `must be greater than lockTriggerPts (${p.lockTriggerPts}): stage triggers increase`);
  if (p.trailTriggerPts >= p.tightTriggerPts) fail('tightTriggerPts', `must be greater than trailTriggerPts (${p.trailTriggerPts}): stage triggers increase`);
  if (p.lockOffsetPts >= p.lockTriggerPts) fail('lockOffsetPts', `must be below lockTriggerPts (${p.lockTriggerPts}) or the lock stop would sit above the price`);
  if (p.regimeRangingThreshold > p.regimeVolatileThreshold) {
    fail('regimeRangingThreshold', `must not exceed regimeVolatileThreshold (${p.regimeVolatileThreshold})`);
  }
  if (p.maxLotsPerStrike < p.entryLots) fail('maxLotsPerStrike', `must be at least entryLots (${p.entryLots})`);
  if (p.profitLockPts > 0 && p.profitLockRs > 0) fail('profitLockRs', 'set profitLockPts or profitLockRs, not both');
  if (minutes(p.entryStart) >= minutes(p.entryEnd)) fail('entryEnd', `must be after entryStart (${p.entryStart})`);
  if (minutes(p.entryEnd) > minutes(p.flattenAt)) fail('flattenAt', `must not be before entryEnd (${p.entryEnd})`);
}

/** Strict schema: unknown keys are rejected, missing keys take their defaults. */
export const ParamsSchema = z
  .object(shapeWithDefaults)
  .strict()
  .superRefine((value, ctx) => crossFieldRules(value as Params, ctx)) as unknown as z.ZodType<Params, Partial<Params>>;

/** A partial set of overrides, validated field by field (cross-field rules apply to the merged set). */
export const ParamOverridesSchema = z.object(shapeOptional).strict() as unknown as z.ZodType<Partial<Params>>;

/** Thrown for invalid parameters; `issues` name each field and rule. */
export class InvalidParamsError extends Error {
  constructor(readonly issues: readonly { readonly field: string; readonly message: string }[]) {
    super(`invalid parameters: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidParamsError';
  }
}

function toIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(root)',
    message: issue.code === 'unrecognized_keys' ? `unknown parameter(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

/** Validates a full parameter object (missing keys take defaults); throws InvalidParamsError. */
export function parseParams(input: unknown): Params {
  const result = ParamsSchema.safeParse(input);
  if (!result.success) throw new InvalidParamsError(toIssues(result.error));
  return Object.freeze(result.data);
}

/** Applies overrides on top of a base set and validates the result; throws InvalidParamsError. */
export function withOverrides(base: Params, overrides: unknown): Params {
  const partial = ParamOverridesSchema.safeParse(overrides);
  if (!partial.success) throw new InvalidParamsError(toIssues(partial.error));
  const defined = Object.entries(partial.data).filter(([, v]) => v !== undefined);
  return parseParams({ ...base, ...Object.fromEntries(defined) });
}

/** The default parameter set. */
export const DEFAULT_PARAMS: Params = parseParams({});
