/** The staged trailing stop for a long option position: which stop the ladder wants now, and which stage set it. */
import type { TrailStage } from '../model/events.js';
import { floorToTick } from '../model/money.js';
import type { KernelParams } from '../params/kernel-params.js';

/** Inputs of one ladder evaluation; prices in minor units (entry may be fractional after averaging). Reused per tick. */
export interface LadderInput {
  entry: number;
  price: number;
  elapsedMs: number;
  winStreak: number;
  qty: number;
  tickSize: number;
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
  // Each stage offers a candidate; the highest wins (NaN compares false, so the first offer always lands).
  if (p.breakevenEnabled && x.elapsedMs >= p.breakevenDelayMs && profit >= p.breakevenTriggerPts) {
    best = x.entry - p.breakevenBufferPts;
    stage = 'breakeven';
  }
  const lockPts = p.profitLockRs > 0 ? p.profitLockRs / x.qty : p.profitLockPts;
  if (lockPts > 0 && profit >= lockPts && !(x.entry + lockPts <= best)) {
    best = x.entry + lockPts;
    stage = 'profit_lock';
  }
  let staged = Number.NaN;
  let stagedLabel: TrailStage = 'initial';
  if (p.trailStaged) {
    if (p.accelEnabled && x.elapsedMs > 0 && x.elapsedMs <= p.accelWindowMs && profit >= p.accelMovePts) {
      staged = x.price - p.accelGapPts;
      stagedLabel = 'accel';
    } else if (x.winStreak >= p.winStreakWideTrail && profit >= p.tightTriggerPts) {
      staged = x.price - p.winStreakGapPts;
      stagedLabel = 'wide';
    } else if (profit >= p.tightTriggerPts) {
      staged = x.price - p.tightGapPts;
      stagedLabel = 'tight';
    } else if (profit >= p.trailTriggerPts) {
      staged = x.price - p.trailGapPts;
      stagedLabel = 'trail';
    } else if (profit >= p.lockTriggerPts) {
      staged = x.entry + p.lockOffsetPts;
      stagedLabel = 'lock';
    }
  } else if (profit >= p.simpleTrailGapPts) {
    staged = x.price - p.simpleTrailGapPts;
    stagedLabel = 'trail';
  }
  if (!Number.isNaN(staged) && !(staged <= best)) {
    best = staged;
    stage = stagedLabel;
  }
  out.stop = Number.isNaN(best) ? best : floorToTick(Math.min(best, x.price), x.tickSize);
  out.stage = Number.isNaN(best) ? 'initial' : stage;
  return out;
}

/** The ratchet: a new stop is taken only when it is more than `trailStep` above the current one. */
export function ratchets(current: number, candidate: number, trailStep: number): boolean {
  return candidate > current + trailStep;
}
