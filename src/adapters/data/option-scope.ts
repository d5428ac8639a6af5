/** Refuses loader options that do not apply to the file at hand, naming the option, where it applies and what the file is. */
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';

const APPLIES_TO: Readonly<Record<keyof DatasetOptions, string>> = {
  columns: 'CE/PE panels',
  strike: 'CE/PE panels',
  expiry: 'CE/PE panels and synthetic options',
  lotSize: 'the options a text file gives or the loader derives (panels, option symbols, synthetic options)',
  symbol: 'panels and bar files without a symbol column',
  syntheticOptions: 'underlying-only tick and bar files',
  utcOffsetMin: 'text files (a recording stores its offset)',
};

/** Throws for the first option set in `options` but not listed in `allowed`. */
export function refuseOtherOptions(file: string, what: string, options: DatasetOptions, allowed: readonly (keyof DatasetOptions)[]): void {
  for (const key of Object.keys(APPLIES_TO) as (keyof DatasetOptions)[]) {
    if (options[key] !== undefined && !allowed.includes(key)) {
      throw new DataInputError(`${file}: option ${key} applies to ${APPLIES_TO[key]}, and this file is ${what}`);
    }
  }
}
