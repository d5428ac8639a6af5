/** The bandit's rewards from the agent's book: each closed trade made with an arm's version is one pull, its reward the trade's net P&L per lot. */
import type { ClosedTradeRecord } from '../../../core/model/book-records.js';
import type { ArmStats } from './bandit-policy.js';

/** A trade's net P&L per lot, paise: net ÷ (quantity ÷ lot size). */
export function rewardPerLot(trade: Pick<ClosedTradeRecord, 'netPnl' | 'qty'>, lotSize: number): number {
  return trade.netPnl / (trade.qty / lotSize);
}

/**
 * Each arm's pulls and reward sums over `trades` (matched by paramsVersion to the arm's version; other
 * trades are ignored). A trade whose lot size is unknown (lotSize throws or is not positive) is skipped and counted.
 */
export function armStats(
  versions: readonly string[],
  trades: readonly ClosedTradeRecord[],
  lotSize: (t: ClosedTradeRecord) => number,
): { readonly stats: ArmStats[]; readonly skipped: number } {
  const stats = versions.map(() => ({ pulls: 0, rewardSum: 0, rewardSqSum: 0 }));
  const byVersion = new Map(versions.map((v, i) => [v, i]));
  let skipped = 0;
  for (const t of trades) {
    const arm = t.paramsVersion === null ? undefined : byVersion.get(t.paramsVersion);
    if (arm === undefined) continue;
    let lot: number;
    try {
      lot = lotSize(t);
    } catch {
      lot = NaN;
    }
    if (!(lot > 0) || !(t.qty > 0)) {
      skipped++;
      continue;
    }
    const r = rewardPerLot(t, lot);
    const s = stats[arm]!;
    s.pulls++;
    s.rewardSum += r;
    s.rewardSqSum += r * r;
  }
  return { stats, skipped };
}
