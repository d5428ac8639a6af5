/** Rebuilds a sweep's RunWorld from the dataset and the world spec, identically in the pool and in every worker. */
import type { RunWorld } from '../../backtest/run-days.js';
import type { ReplayDataset } from '../../backtest/dataset.js';
import { compileRateCardJson } from '../../core/charges/rate-card.js';
import { validatePaperFillConfig } from '../../sim/broker/paper-broker.js';
import { datasetWorld } from '../../app/dataset-world.js';
import type { SweepWorldSpec } from './sweep-protocol.js';

/** Throws (naming the field) for a bad fill config, rate card or pinned card id. */
export function sweepWorld(dataset: ReplayDataset, spec: SweepWorldSpec): RunWorld {
  const cards = spec.rateCards.map((json) => compileRateCardJson(json));
  return datasetWorld(dataset, cards, {
    seed: spec.seed,
    preset: spec.preset,
    fill: validatePaperFillConfig(spec.fill),
    ...(spec.rateCardId === undefined ? {} : { rateCardId: spec.rateCardId }),
  }).world;
}
