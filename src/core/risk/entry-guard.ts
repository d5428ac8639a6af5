/** Risk guardrails for a new entry or an averaging add: the first rule that refuses, as a reason string, or null. */
import type { KernelParams } from '../params/kernel-params.js';
import type { Regime } from '../model/events.js';
import type { DailyRisk } from './daily-risk.js';

/** What the guard needs to know about the intended order and the moment. */
export interface EntryGuardInput {
  readonly ts: number;
  readonly inEntryWindow: boolean;
  readonly reEntry: boolean;
  readonly regime: Regime;
  /** Quantity held after this order, units. */
  readonly qtyAfter: number;
  readonly maxQty: number;
  readonly orderPending: boolean;
  readonly stalled: boolean;
  /**
   * The day's net P&L if this order were filled and closed at once (realised, plus any open position,
   * less the order's round-trip charges and spread): entering when it is already past the daily limit
   * would only buy a certain overshoot.
   */
  readonly netAfterRoundTrip: number;
  /** Optional rules: today is a skipped weekday; the capital budget cannot fit a lot; the calibration posterior (null: gate not in force). */
  readonly weekdaySkipped: boolean;
  readonly overBudget: boolean;
  readonly pProfit: number | null;
  /** An entry lock (by the trader or an agent) covers this side or symbol now. */
  readonly locked: boolean;
}

/**
 * Risk refusals are values; averaging adds pass the same guards as entries (adds are not counted as
 * entries in the gap and rate windows). Checked in this order: trading state, session, daily loss, the
 * daily loss headroom for the order's round trip, capital budget, tick freshness (stall),
 * order in flight, max quantity, cooldown (re-entries exempt), flip cooldown, loss breaker, entry gap
 * (shorter for re-entries), entries per minute, regime trading mode; an entry lock right after the trading state.
 */
export function entryGuard(p: KernelParams, risk: DailyRisk, x: EntryGuardInput): string | null {
  if (risk.tradingState === 'halted') return 'halted';
  if (risk.tradingState === 'reducing') return 'entries paused';
  if (x.locked) return 'locked';
  if (!x.inEntryWindow) return 'outside entry window';
  if (x.weekdaySkipped) return 'weekday skipped';
  if (risk.lossLimitHit) return 'daily max loss hit';
  if (x.netAfterRoundTrip <= -p.dailyMaxLoss) return 'daily loss headroom';
  if (x.overBudget) return 'capital budget';
  if (x.stalled) return 'data stall';
  if (x.orderPending) return 'order in flight';
  if (x.qtyAfter > x.maxQty) return 'max quantity';
  if (!x.reEntry && x.ts < risk.cooldownUntil) return 'loss cooldown';
  if (x.ts < risk.flipCooldownUntil) return 'flip cooldown';
  if (risk.consecutiveLosses >= p.consecutiveLossBreaker && x.ts < risk.breakerUntil) return 'loss breaker';
  const gap = x.reEntry ? Math.min(p.minEntryGapMs, p.reEntryMaxGapMs) : p.minEntryGapMs;
  if (x.ts - risk.lastEntryTs < gap) return 'min entry gap';
  if (risk.entriesInLastMinute(x.ts) >= p.maxTradesPerMin) return 'max trades per minute';
  if (p.regimeTradingMode === 'trending_only' && x.regime !== 'TRENDING') return 'regime not trending';
  if (p.regimeTradingMode === 'trending_volatile' && x.regime === 'RANGING') return 'regime ranging';
  if (x.pProfit !== null && x.pProfit < p.calibrationMinProb) return 'calibration';
  return null;
}
