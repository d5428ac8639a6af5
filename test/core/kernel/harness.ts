/** Test harness: the real kernel and paper broker on the mini market, with easy tick feeding. */
import { PaperSession, type RunWorld } from '../../../src/backtest/run-days.js';
import type { Tick } from '../../../src/core/model/tick.js';
import { DEFAULT_PARAMS, withOverrides, type Params } from '../../../src/core/params/schema.js';
import { INDEX, miniStrikes, miniUniverse, noCharges } from '../../fixtures/mini-market.js';

/** Parameters with every entry filter off, so a short up-streak enters: the rules under test stand alone. */
export const bareParams: Params = withOverrides(DEFAULT_PARAMS, {
  momentumTicks: 2,
  candleMomentumTicks: 2,
  momentumMinMovePts: 0,
  noTradeZoneEnabled: false,
  underlyingFilterEnabled: false,
  candleConfirmEnabled: false,
  relativeStrengthEnabled: false,
  indexBiasMode: 'OFF',
  regimeDetectionEnabled: false,
  minMovePts: 0,
  avgEnabled: false,
  minEntryGapMs: 0,
});

export const world: RunWorld = {
  universe: miniUniverse,
  underlying: INDEX,
  strikes: miniStrikes,
  charges: noCharges,
  fill: { latencyMs: 0, slippageTicks: 0, slippageProbability: 0 },
  seed: 1,
  preset: 'test',
};

export function session(overrides: Partial<Params> = {}, w: Partial<RunWorld> = {}): PaperSession {
  return new PaperSession(withOverrides(bareParams, overrides), { ...world, ...w });
}

export function feed(s: PaperSession, ticks: readonly Tick[]): void {
  for (const t of ticks) s.step(t);
}
