/** The data flags shared by backtest --data, sweep and import, and the dataset reference checked (a sim: reference field by field) before anything loads or is created. */
import type { DatasetFlags } from '../adapters/data/dataset-flags.js';
import { parseDatasetFlags } from '../adapters/data/dataset-flags.js';
import { datasetLoader } from '../adapters/experiments/dataset-loader.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import type { SimConfig } from '../sim/market/sim-config.js';
import { isSimRef } from '../app/sim-dataset.js';
import { checkSimRef } from '../app/sim-checks.js';
import type { ReplayDataset } from '../backtest/dataset.js';
import { usageError } from './errors.js';

export const DATA_FLAGS = {
  columns: { type: 'string' },
  'synthetic-options': { type: 'string' },
  strike: { type: 'string' },
  expiry: { type: 'string' },
  'lot-size': { type: 'string' },
  'utc-offset-min': { type: 'string' },
  symbol: { type: 'string' },
} as const;

export type DataFlagName = keyof typeof DATA_FLAGS;

export function dataFlags(values: Partial<Record<DataFlagName, string | undefined>>): DatasetFlags {
  return {
    columns: values.columns,
    syntheticOptions: values['synthetic-options'],
    strike: values.strike,
    expiry: values.expiry,
    lotSize: values['lot-size'],
    utcOffsetMin: values['utc-offset-min'],
    symbol: values.symbol,
  };
}

/** The data flags that were given. */
export const givenDataFlags = (values: Partial<Record<DataFlagName, string | undefined>>): DataFlagName[] =>
  (Object.keys(DATA_FLAGS) as DataFlagName[]).filter((f) => values[f] !== undefined);

export { checkSimRef, checkSimStart } from '../app/sim-checks.js';

/**
 * A loader for `ref` given by `flag`, with the data flags parsed (each checked by name). A sim: reference
 * is checked part by part, and data flags with it are refused (they apply to files).
 */
export function checkedLoader(flag: string, ref: string, values: Partial<Record<DataFlagName, string | undefined>>, config: () => SimConfig): (r: string) => ReplayDataset {
  if (ref.trim() === '') throw usageError(flag, 'must name a data file, a directory of recordings or sim:UNDERLYING:SEED:START:DAYS');
  if (isSimRef(ref)) {
    const extra = givenDataFlags(values)[0];
    if (extra !== undefined) throw usageError(`--${extra}`, `applies to data files, not to a simulated dataset (${flag} sim:…)`);
    checkSimRef(flag, ref, config(), loadRateCards());
  }
  return datasetLoader(parseDatasetFlags(dataFlags(values)));
}
