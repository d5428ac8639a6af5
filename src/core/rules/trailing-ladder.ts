/** The staged trailing stop for a long option position: which stop the ladder wants now, and which stage set it. */
import type { TrailStage } from '../model/events.js';
import { floorToTick } from '../model/money.js';
import type { KernelParams } from '../params/kernel-params.js';

/** Inputs of one ladder evaluation; prices in minor units (entry may be fractional after averaging). */
export interface LadderInput {
  readonly entry: number;
  readonly price: number;
  readonly elapsedMs: number;
  readonly winStreak: number;
  readonly qty: number;
  readonly tickSize: number;
}

/** Result slot, reused to avoid allocating per tick. `stop` is NaN when no stage applies. */
export interface LadderResult {
  stop: number;
  stage: TrailStage;
}

/**
 * Picks the highest stop any enabled stage asks for, by the original browser engine's ladder:
 * breakeven (entry − buffer after a delay), profit lock, then one staged stop by priority
 * accel > wide (win streak) > tight > trail > lock; or the simple trail when staging is off.
 * The stop is rounded down to the tick and never above the price that set it.
 */
export function ladderStop(p: KernelParams, x: LadderInput, out: LadderResult): LadderResult {
  const profit = x.price - x.entry;
  let best = Number.NaN;
  let stage: TrailStage = 'initial';
  const offer = (candidate: number, label: TrailStage): void => {
    if (!(candidate <= best)) {
      best = candidate;
      stage = label;
    }
  };
  if (p.breakevenEnabled && x.elapsedMs >= p.breakevenDelayMs && profit >= p.breakevenTriggerPts) {
    offer(x.entry - p.breakevenBufferPts, 'breakeven');
  }
  const lockPts = p.profitLockRs > 0 ? p.profitLockRs / x.qty : p.profitLockPts;
  if (lockPts > 0 && profit >= lockPts) offer(x.entry + lockPts, 'profit_lock');
  if (p.trailStaged) {
    if (p.accelEnabled && x.elapsedMs > 0 && x.elapsedMs <= p.accelWindowMs && profit >= p.accelMovePts) {
      offer(x.price - p.accelGapPts, 'accel');
    } else if (x.winStreak >= p.winStreakWideTrail && profit >= p.tightTriggerPts) {
      offer(x.price - p.winStreakGapPts, 'wide');
    } else if (profit >= p.tightTriggerPts) {
      offer(x.price - p.tightGapPts, 'tight');
    } else if (profit >= p.trailTriggerPts) {
      offer(x.price - p.trailGapPts, 'trail');
    } else if (profit >= p.lockTriggerPts) {
      offer(x.entry + p.lockOffsetPts, 'lock');
    }
  } else if (profit >= p.simpleTrailGapPts) {
    offer(x.price - p.simpleTrailGapPts, 'trail');
  }
  out.stop = Number.isNaN(best) ? best : floorToTick(Math.min(best, x.price), x.tickSize);
  out.stage = stage;
  return out;
}

/** The ratchet: a new stop is taken only when it is more than `trailStep` above the current one. */
export function ratchets(current: number, candidate: number, trailStep: number): boolean {
  return candidate > current + trailStep;
}
