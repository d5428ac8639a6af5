/** Builds the world a replayed dataset trades in (strikes, charges, paper fills): shared by the backtester and the service. */
import type { RunWorld } from '../backtest/run-days.js';
import type { ReplayDataset } from '../backtest/dataset.js';
import type { CompiledRateCard } from '../core/charges/rate-card.js';
import type { PaperFillConfig } from '../sim/broker/paper-broker.js';
import { isKnownUnderlying, marketDefaults } from '../adapters/data/market-defaults.js';
import { chargesFromCards } from './charges-wiring.js';
import { dateKeyedStrikeSource } from './sim-world.js';

export interface DatasetWorld {
  readonly world: RunWorld;
  /** Which charges apply, for the result: a rate-card id rule, or "none" with the reason. */
  readonly chargesModel: string;
}

/**
 * The rate cards are Indian (INR); a dataset in another currency trades without charges, and its results
 * say so, rather than applying rupee rates to dollars.
 */
export function datasetWorld(
  dataset: ReplayDataset,
  cards: readonly CompiledRateCard[],
  o: { readonly seed: number; readonly preset: string; readonly fill: PaperFillConfig; readonly rateCardId?: string },
): DatasetWorld {
  const inr = dataset.profile.currency === 'INR';
  // NSE and BSE indices have an exchange holiday calendar; other markets' data trade on every day it has.
  const symbol = dataset.universe.instruments[dataset.underlying]?.symbol ?? '';
  const days = isKnownUnderlying(symbol) ? marketDefaults(symbol).contracts?.days : undefined;
  return {
    world: {
      universe: dataset.universe,
      underlying: dataset.underlying,
      strikes: dateKeyedStrikeSource(dataset.chains, dataset.profile.utcOffsetMin),
      charges: inr ? chargesFromCards(cards, o.rateCardId) : () => 0,
      fill: o.fill,
      seed: o.seed,
      preset: o.preset,
      ...(days === undefined ? {} : { isTradingDay: (day: number) => days.isTradingDay(day) }),
    },
    chargesModel: inr
      ? o.rateCardId ?? `rate card in force for ${dataset.profile.optionExchange} on each fill's date`
      : `none: no rate card for ${dataset.profile.optionExchange} (${dataset.profile.currency})`,
  };
}
