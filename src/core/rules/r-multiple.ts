/** ATR stops with R-multiple partial profits (seed 002): the stop distance from ATR, and what each R level does. */
import type { TrailStage } from '../model/events.js';
import { ceilToTick } from '../model/money.js';

/** One R level: at profit ≥ atR × R, sell sellPct of the peak quantity and raise the stop to entry + stopAtR × R. */
export interface RLevel {
  readonly atR: number;
  readonly sellPct: number;
  readonly stopAtR: number;
  readonly stage: TrailStage;
}

/** +1R: half out, stop to breakeven; +2R: a quarter out, stop to +1R. The target (atrRewardRatio × R) takes the rest. */
export const R_LEVELS: readonly RLevel[] = [
  { atR: 1, sellPct: 50, stopAtR: 0, stage: 'breakeven' },
  { atR: 2, sellPct: 25, stopAtR: 1, stage: 'lock' },
];

/** The stop distance, minor units: ATR × multiplier rounded up to the tick, at least one tick. NaN while ATR is not ready. */
export function atrStopDistance(atr: number, multiplier: number, tickSize: number): number {
  if (!(atr > 0)) return Number.NaN;
  return Math.max(tickSize, ceilToTick(atr * multiplier, tickSize));
}

/**
 * Quantity a partial exit sells: `pct` of `base` rounded down to whole lots, at least one lot, and
 * never the whole open quantity (0 when that is all there is).
 */
export function partialQty(openQty: number, base: number, pct: number, lotSize: number): number {
  const lots = Math.max(1, Math.floor((base * pct) / 100 / lotSize));
  const qty = lots * lotSize;
  return qty < openQty ? qty : 0;
}
