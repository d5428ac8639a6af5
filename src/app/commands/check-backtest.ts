/** The cheap checks of a backtest, before any data loads or any tick runs: its seed, parameters, rate card and simulated dates, each INVALID_INPUT naming the field. Shared by backtests.submit and the in-process run. */
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { defaultUnderlying } from '../defaults.js';
import { AppError } from '../errors.js';
import { checkOverrides, checkParams } from '../param-checks.js';
import { checkSimRef, checkSimStart } from '../sim-checks.js';
import { isSimRef } from '../sim-dataset.js';
import { fillSeedOf, isDataSpec, type BacktestSpec } from './run-backtest.js';

export interface BacktestCheckEnv {
  readonly simConfig: SimConfig;
  readonly rateCards: readonly CompiledRateCard[];
}

function checkCard(cards: readonly CompiledRateCard[], id: string | undefined): void {
  if (id === undefined || cards.some((c) => c.id === id)) return;
  const rule = `no rate card has the id "${id.slice(0, 60)}" (the ${cards.length} ids are the file names in config/rate-cards, e.g. legacy-original)`;
  throw new AppError('INVALID_INPUT', `rateCard: ${rule}`, { issues: [{ field: 'rateCard', rule }] });
}

/**
 * Refuses what would fail only deep inside the run: a seed other than a sim: dataset's, bad overrides (on
 * the simulator the cross-field rules too; a dataset's session is known only when it loads), an unknown
 * rate card, a malformed sim: reference, or a simulated start the contract tables or rate cards do not cover.
 * A data file itself is read only when the run loads it.
 */
export function checkBacktest(env: BacktestCheckEnv, spec: BacktestSpec): void {
  if (isDataSpec(spec)) {
    fillSeedOf(spec.data, spec.seed);
    checkOverrides(spec.overrides);
    checkCard(env.rateCards, spec.rateCard);
    if (isSimRef(spec.data)) checkSimRef('data', spec.data, env.simConfig, env.rateCards);
    return;
  }
  checkParams(spec.preset, spec.overrides);
  checkCard(env.rateCards, spec.rateCard);
  const underlying = spec.underlying ?? defaultUnderlying(spec.preset);
  checkSimStart('startDate', underlying, spec.startDate, env.simConfig, spec.rateCard === undefined ? env.rateCards : undefined);
}
