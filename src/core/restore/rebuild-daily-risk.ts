/** Rebuilds a trading date's risk state from the book's committed trades: after a crash the book is the truth. */
import type { ClosedTradeRecord, TradeEventRecord } from '../model/book-records.js';
import type { KernelParams } from '../params/kernel-params.js';
import type { DailyRiskSnapshot } from '../risk/daily-risk.js';

/**
 * Replays the date's closed trades in exit order through the same rules the kernel applies when a trade
 * closes (loss streak, breaker, cooldowns, loss limit), and takes the entry times from the ENTRY fills
 * (decision time = fill time − latency). Cooldowns use the current parameters.
 */
export function rebuildDailyRisk(
  date: string,
  trades: readonly ClosedTradeRecord[],
  entryFills: readonly TradeEventRecord[],
  p: KernelParams,
): DailyRiskSnapshot {
  let realisedNet = 0;
  let wins = 0;
  let losses = 0;
  let consecutiveLosses = 0;
  let winStreak = 0;
  let cooldownUntil = 0;
  let breakerUntil = 0;
  let flipCooldownUntil = 0;
  let lossLimitHit = false;
  const sorted = [...trades].sort((a, b) => a.exitTs - b.exitTs || (a.tradeId < b.tradeId ? -1 : 1));
  for (const t of sorted) {
    realisedNet += t.netPnl;
    if (t.netPnl > 0) {
      wins++;
      winStreak++;
      consecutiveLosses = 0;
    } else {
      losses++;
      winStreak = 0;
      consecutiveLosses++;
      if (consecutiveLosses === p.consecutiveLossBreaker) breakerUntil = t.exitTs + p.consecutiveLossCooldownMs;
    }
    if (t.exitReason === 'per_trade_max_loss') cooldownUntil = t.exitTs + p.cooldownMs;
    if (t.exitReason === 'daily_max_loss' || realisedNet <= -p.dailyMaxLoss) lossLimitHit = true;
    // The flip cooldown starts at the exit decision; the fill time is the closest committed record of it.
    if (t.exitReason === 'flip' || t.exitReason === 'momentum_flip') flipCooldownUntil = t.exitTs + p.flipCooldownMs;
  }
  const entries = entryFills
    .filter((e) => e.kind === 'ENTRY' && e.tradingDate === date)
    .map((e) => e.ts - (e.latencyMs ?? 0))
    .sort((a, b) => a - b);
  const lastEntryTs = entries.length === 0 ? Number.NEGATIVE_INFINITY : entries[entries.length - 1]!;
  return {
    date,
    realisedNet,
    trades: sorted.length,
    wins,
    losses,
    consecutiveLosses,
    winStreak,
    lossLimitHit,
    cooldownUntil,
    breakerUntil,
    flipCooldownUntil,
    lastEntryTs,
    recentEntries: entries.filter((t) => t > lastEntryTs - 60_000),
  };
}
