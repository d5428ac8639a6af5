/** The entry signal's filter chain: the momentum threshold with its boosts, then each enabled filter in DESIGN order. */
import type { IndexBias } from '../features/index-bias.js';
import type { Momentum } from '../features/momentum.js';
import type { SideFeatures } from '../features/side-features.js';
import type { Side } from '../model/events.js';
import type { KernelParams } from '../params/kernel-params.js';

/**
 * Whether the signal side's up-streak qualifies for an entry on `tradeSide` (the same side, or the other
 * with reverseTrades): the streak reaches the threshold (plus the loss-breaker and ranging boosts), then
 * velocity, no-trade zone, underlying direction, candle confirmation, relative strength and index bias.
 * Positional arguments: it runs on every option tick, so nothing is allocated.
 */
export function signalQualifies(
  p: KernelParams,
  signal: Side,
  tradeSide: Side,
  f: SideFeatures,
  other: SideFeatures,
  underlying: Momentum,
  indexBias: IndexBias,
  underlyingLtp: number,
  threshold: number,
  consecutiveLosses: number,
  ts: number,
): boolean {
  const m = f.momentum;
  let required = threshold;
  if (consecutiveLosses >= p.consecutiveLossBreaker) required += p.consecutiveLossMomentumBoost;
  if (f.regime === 'RANGING') required += p.regimeRangingBoost;
  if (m.dir !== 1 || m.count < required) return false;
  // Everything below runs only on a qualified momentum signal, which is rare.
  if (p.momentumMinMovePts > 0 && m.velocity < p.momentumMinMovePts) return false;
  if (p.noTradeZoneEnabled && f.inNoTradeZone(ts, p)) return false;
  if (p.underlyingFilterEnabled) {
    const want = signal === 'CE' ? 1 : -1;
    if (underlying.dir !== want || underlying.count < p.underlyingMomentumTicks) return false;
  }
  if (p.candleConfirmEnabled && !f.candleConfirms(p.candleConfirmMode)) return false;
  if (p.relativeStrengthEnabled && m.upCount < other.momentum.upCount + p.relativeStrengthDiff) return false;
  if (p.indexBiasMode !== 'OFF') {
    const bias = indexBias.bias(p, underlyingLtp);
    const wanted = tradeSide === 'CE' ? 'BULL' : 'BEAR';
    const against = tradeSide === 'CE' ? 'BEAR' : 'BULL';
    if (p.indexBiasMode === 'FILTER' && bias === against) return false;
    if (p.indexBiasMode === 'STRONG' && bias !== wanted) return false;
  }
  return true;
}
