/** Breakdowns of trades by a record field: side, exit reason, regime, preset, underlying. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { addToTally, newTally, tallyRow, type BreakdownRow, type Tally } from './breakdown-row.js';

/** Key of trades whose preset is null (manual trades without one). */
export const NO_PRESET_KEY = '(none)';

const byKey = (a: BreakdownRow, b: BreakdownRow): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byTradesThenKey = (a: BreakdownRow, b: BreakdownRow): number => b.trades - a.trades || byKey(a, b);

/** Groups trades by `keyOf` in one pass; rows sorted by `order`. */
export function breakdownBy(
  trades: readonly ClosedTradeRecord[],
  keyOf: (t: ClosedTradeRecord) => string,
  order: (a: BreakdownRow, b: BreakdownRow) => number = byTradesThenKey,
): BreakdownRow[] {
  const groups = new Map<string, Tally>();
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    const key = keyOf(t);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = newTally()));
    addToTally(g, t);
  }
  const rows: BreakdownRow[] = [];
  for (const [key, g] of groups) rows.push(tallyRow(key, g));
  return rows.sort(order);
}

/** By side (CE, PE), sorted by key. */
export const bySide = (trades: readonly ClosedTradeRecord[]): BreakdownRow[] => breakdownBy(trades, (t) => t.side, byKey);

/** By exit reason, sorted by trades descending, then key. */
export const byExitReason = (trades: readonly ClosedTradeRecord[]): BreakdownRow[] => breakdownBy(trades, (t) => t.exitReason);

/** By regime at entry, sorted by trades descending, then key. */
export const byRegime = (trades: readonly ClosedTradeRecord[]): BreakdownRow[] => breakdownBy(trades, (t) => t.regime);

/** By preset (null as NO_PRESET_KEY), sorted by trades descending, then key. */
export const byPreset = (trades: readonly ClosedTradeRecord[]): BreakdownRow[] =>
  breakdownBy(trades, (t) => t.preset ?? NO_PRESET_KEY);

/** By underlying, sorted by trades descending, then key. */
export const byUnderlying = (trades: readonly ClosedTradeRecord[]): BreakdownRow[] => breakdownBy(trades, (t) => t.underlying);
