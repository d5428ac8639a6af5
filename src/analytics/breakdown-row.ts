/** The row shape shared by every breakdown and the running tally each row is built from. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';

/** One group of trades: money in minor units, net of charges unless named gross. */
export interface BreakdownRow {
  readonly key: string;
  readonly trades: number;
  /** Trades with net P&L > 0. */
  readonly wins: number;
  /** wins / trades, 0..1. */
  readonly winRate: number;
  readonly netPnl: number;
  readonly grossPnl: number;
  readonly charges: number;
  /** netPnl / trades (may be fractional). */
  readonly avgNetPnl: number;
}

/** Mutable per-group sums (one per group, never per trade). */
export interface Tally {
  trades: number;
  wins: number;
  netPnl: number;
  grossPnl: number;
  charges: number;
}

export const newTally = (): Tally => ({ trades: 0, wins: 0, netPnl: 0, grossPnl: 0, charges: 0 });

/** Adds one trade to a tally. */
export function addToTally(tally: Tally, t: ClosedTradeRecord): void {
  tally.trades++;
  if (t.netPnl > 0) tally.wins++;
  tally.netPnl += t.netPnl;
  tally.grossPnl += t.grossPnl;
  tally.charges += t.charges;
}

/** The row of a non-empty tally. */
export function tallyRow(key: string, t: Tally): BreakdownRow {
  return {
    key,
    trades: t.trades,
    wins: t.wins,
    winRate: t.wins / t.trades,
    netPnl: t.netPnl,
    grossPnl: t.grossPnl,
    charges: t.charges,
    avgNetPnl: t.netPnl / t.trades,
  };
}
