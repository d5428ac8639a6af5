/** The parameters a tuner may change: the strategy's signal, filter, exit and trailing rules; sizing, risk limits and session hours stay the trader's. */
import { PARAM_SPECS, type ParamGroup, type ParamName, type ParamSpec } from '../../core/params/param-spec.js';

/** Groups a tuner may touch. Sizing, risk limits (daily loss, per-trade loss, breakers) and session hours change what the trader risks, not how the strategy trades. */
const TUNABLE_GROUPS: ReadonlySet<ParamGroup> = new Set(['entry', 'filters', 'index_bias', 'regime', 'averaging', 'exits', 'trailing']);

/** Fields of those groups that are guards rather than strategy: the reward/risk guard keeps tpPoints ≥ slPoints. */
const GUARDS: ReadonlySet<string> = new Set(['rrGuardEnabled']);

export type TunableSpec = Extract<ParamSpec, { type: 'number' | 'int' | 'bool' | 'enum' }>;

const tunable = (name: string, spec: ParamSpec): spec is TunableSpec =>
  TUNABLE_GROUPS.has(spec.group) && !GUARDS.has(name) && (spec.type === 'number' || spec.type === 'int' || spec.type === 'bool' || spec.type === 'enum');

/** Field → spec of every parameter a tuner may change, in the parameter table's order. */
export const TUNABLE_FIELDS: ReadonlyMap<ParamName, TunableSpec> = new Map(
  (Object.entries(PARAM_SPECS) as [ParamName, ParamSpec][]).filter((e): e is [ParamName, TunableSpec] => tunable(e[0], e[1])),
);

/** Why `field` may not be tuned, or null when it may. */
export function untunableReason(field: string): string | null {
  if (!Object.hasOwn(PARAM_SPECS, field)) return 'is not a parameter';
  if (TUNABLE_FIELDS.has(field as ParamName)) return null;
  const spec = PARAM_SPECS[field as ParamName] as ParamSpec;
  if (GUARDS.has(field)) return 'is a guard the trader sets, never a tuner';
  return `is a ${spec.group} parameter: sizing, risk limits and session hours are the trader’s to change, never a tuner’s`;
}
