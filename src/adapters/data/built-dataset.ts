/** What each format's builder hands to loadDataset: the dataset less its name and hash, plus the resolved settings the hash covers. */
import type { ReplayDataset } from '../../backtest/dataset.js';

export type BuiltDataset = Omit<ReplayDataset, 'name' | 'dataHash'> & {
  /** Every resolved setting that shapes the ticks (hashed with the source bytes). */
  readonly settings: Readonly<Record<string, unknown>>;
};
