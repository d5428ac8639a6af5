/** Resolves a dataset reference (sim:… or a file path) to a ReplayDataset, caching by reference for repeated runs. */
import { loadSimConfig } from '../sim-config-file.js';
import { isSimRef, simDataset } from '../../app/sim-dataset.js';
import type { ReplayDataset } from '../../backtest/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import type { DatedCard } from '../../core/charges/charges.js';
import { checkSimRef } from '../../app/sim-checks.js';
import type { DatasetOptions } from '../data/dataset-options.js';

/**
 * A loader with the CLI's dataset options bound. Files that need options (column mappings, synthetic
 * options) are best imported once into a recording with `scalper import`; the recording then loads
 * with none.
 */
/**
 * Checks that `ref` can be used as an experiment's dataset: a sim: reference part by part (naming
 * `dataset`), a file by loading it (cached).
 */
export function datasetChecker(config: SimConfig, cards: readonly DatedCard[]): (ref: string) => void {
  const load = datasetLoader();
  return (ref) => {
    if (isSimRef(ref)) checkSimRef('dataset', ref, config, cards);
    load(ref);
  };
}

export function datasetLoader(options: DatasetOptions = {}): (ref: string) => ReplayDataset {
  const cache = new Map<string, ReplayDataset>();
  return (ref) => {
    const hit = cache.get(ref);
    if (hit !== undefined) return hit;
    const dataset = isSimRef(ref) ? simDataset(loadSimConfig(), ref) : loadDataset(ref, options);
    cache.set(ref, dataset);
    return dataset;
  };
}
