/** The data flags shared by backtest --data, sweep and import, and the dataset reference checked (a sim: reference field by field) before anything loads or is created. */
import type { DatasetFlags } from '../adapters/data/dataset-flags.js';
import { parseDatasetFlags } from '../adapters/data/dataset-flags.js';
import { datasetLoader } from '../adapters/experiments/dataset-loader.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import type { SimConfig } from '../sim/market/sim-config.js';
import { NoRateCardError, selectRateCard, type DatedCard } from '../core/charges/charges.js';
import { isSimRef } from '../app/sim-dataset.js';
import type { ReplayDataset } from '../backtest/dataset.js';
import { dateFlag } from './args.js';
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

/**
 * Refuses a simulated start before the underlying's contract tables begin (the simulator cannot price
 * contracts there) or, unless `cards` is undefined (a card is pinned), before any rate card is in force.
 */
export function checkSimStart(flag: string, underlying: string, startDate: string, config: SimConfig, cards: readonly DatedCard[] | undefined): void {
  const u = config.underlyings.find((x) => x.symbol === underlying);
  if (u === undefined) return;
  const first = u.contracts.expiries[0]?.from;
  if (first !== undefined && startDate < first) {
    throw usageError(flag, `must be on or after ${first}, where ${underlying}'s contract tables begin (config/instruments.json), got ${startDate}`);
  }
  if (cards === undefined) return;
  try {
    selectRateCard(cards, u.exchange, startDate);
  } catch (e) {
    if (e instanceof NoRateCardError) throw usageError(flag, e.message);
    throw e;
  }
}

const SIM_REF = /^sim:([^:]*):([^:]*):([^:]*):([^:]*)$/;
const EXAMPLE = 'sim:NIFTY:7:2026-01-05:10';

/** The parts of `sim:UNDERLYING:SEED:START:DAYS`, each checked against its rule, naming `flag`. */
export function checkSimRef(flag: string, ref: string, config: SimConfig, cards: readonly DatedCard[]): { underlying: string; seed: number; startDate: string; days: number } {
  const m = SIM_REF.exec(ref);
  const shown = ref.length > 60 ? `${ref.slice(0, 60)}…` : ref;
  if (m === null) throw usageError(flag, `a simulated dataset is sim:UNDERLYING:SEED:START:DAYS (e.g. ${EXAMPLE}), got "${shown}"`);
  const [, underlying, seed, start, days] = m as unknown as [string, string, string, string, string];
  const known = config.underlyings.map((u) => u.symbol);
  if (!known.includes(underlying)) throw usageError(flag, `UNDERLYING must be one of ${known.join(', ')}, got "${underlying.slice(0, 20)}" (in ${shown})`);
  if (!/^\d{1,10}$/.test(seed) || Number(seed) > 0xffffffff) throw usageError(flag, `SEED must be a whole number 0..4294967295, got "${seed.slice(0, 20)}" (in ${shown})`);
  dateFlag(`${flag} START`, start);
  checkSimStart(`${flag} START`, underlying, start, config, cards);
  if (!/^\d{1,3}$/.test(days) || Number(days) < 1 || Number(days) > 250) throw usageError(flag, `DAYS must be a whole number 1..250, got "${days.slice(0, 20)}" (in ${shown})`);
  return { underlying, seed: Number(seed), startDate: start, days: Number(days) };
}

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
