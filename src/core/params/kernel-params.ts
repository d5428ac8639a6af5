/** Parameters as the kernel uses them: points and rupees converted once to integer minor units. */
import { toMinor } from '../model/money.js';
import { PARAM_SPECS, type ParamName } from './param-spec.js';
import type { Params } from './schema.js';

/**
 * Same keys as Params. Fields whose unit is points or rupees hold minor units (paise); every
 * other field is unchanged (ms, ticks, lots, percent, ratios, flags, HH:MM strings).
 */
export type KernelParams = Params;

const MONEY_FIELDS = (Object.keys(PARAM_SPECS) as ParamName[]).filter((name) => {
  const spec = PARAM_SPECS[name];
  return (spec.type === 'number' || spec.type === 'int') && (spec.unit === 'points' || spec.unit === 'rupees');
});

/** Converts a validated parameter set to kernel units. */
export function toKernelParams(params: Params): KernelParams {
  const out: Record<string, unknown> = { ...params };
  for (const name of MONEY_FIELDS) out[name] = toMinor(params[name] as number);
  return Object.freeze(out) as KernelParams;
}
