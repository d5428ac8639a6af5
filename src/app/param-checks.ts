/** Parameter overrides checked before any work, each bad one INVALID_INPUT naming `overrides.<param>`: shared by backtests, sweeps, walk-forwards and their jobs. */
import { presetParams, type PresetName } from '../core/params/presets.js';
import { InvalidParamsError, ParamOverridesSchema, withOverrides } from '../core/params/schema.js';
import { invalidInput, type AppError } from './errors.js';

/** INVALID_INPUT for bad parameter overrides, each named `overrides.<param>`. */
const badOverrides = (issues: readonly { field: string; rule: string }[]): AppError =>
  invalidInput(issues.map((i) => ({ field: i.field === '(root)' ? 'overrides' : `overrides.${i.field}`, rule: i.rule })));

/** Checks the overrides field by field (a run on a dataset checks the cross-field rules when it knows the dataset's session). */
export function checkOverrides(overrides: unknown): void {
  const parsed = ParamOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    throw badOverrides(
      parsed.error.issues.map((i) => ({
        field: i.path.length > 0 ? i.path.map(String).join('.') : '(root)',
        // The same words as the parameter schema's own check.
        rule: i.code === 'unrecognized_keys' ? `unknown parameter(s): ${i.keys.join(', ')}` : i.message,
      })),
    );
  }
}

/** Checks the full parameter set of a preset plus overrides, cross-field rules included. */
export function checkParams(preset: string, overrides: unknown): void {
  try {
    withOverrides(presetParams(preset as PresetName), overrides);
  } catch (e) {
    if (!(e instanceof InvalidParamsError)) throw e;
    throw badOverrides(e.issues.map((i) => ({ field: i.field, rule: i.message })));
  }
}
