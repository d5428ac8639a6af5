/** Breakdowns of trades by a record field: side, exit reason, regime, preset, underlying. */
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { addToTally, newTally, tallyRow, type BreakdownRow, type Tally } from './breakdown-row.js';
import { accumulate, type TradeAccumulator } from './trade-accumulator.js';

/** Key of trades whose preset is null (manual trades without one). */
export const NO_PRESET_KEY = '(none)';

type RowOrder = (a: BreakdownRow, b: BreakdownRow) => number;

const byKey: RowOrder = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byTradesThenKey: RowOrder = (a, b) => b.trades - a.trades || byKey(a, b);

/** Groups trades by `keyOf`; rows sorted by `order` (default: trades descending, then key). */
export class KeyBreakdown implements TradeAccumulator<BreakdownRow[]> {
  private readonly groups = new Map<string, Tally>();

  constructor(
    private readonly keyOf: (t: ClosedTradeRecord) => string,
    private readonly order: RowOrder = byTradesThenKey,
  ) {}

  add(t: ClosedTradeRecord): void {
    const key = this.keyOf(t);
    let g = this.groups.get(key);
    if (g === undefined) this.groups.set(key, (g = newTally()));
    addToTally(g, t);
  }

  result(): BreakdownRow[] {
    const rows: BreakdownRow[] = [];
    for (const [key, g] of this.groups) rows.push(tallyRow(key, g));
    return rows.sort(this.order);
  }
}

/** By side, sorted by key (CE, PE). */
export const sideBreakdown = (): KeyBreakdown => new KeyBreakdown((t) => t.side, byKey);
/** By exit reason, sorted by trades descending, then key. */
export const exitReasonBreakdown = (): KeyBreakdown => new KeyBreakdown((t) => t.exitReason);
/** By regime at entry, sorted by trades descending, then key. */
export const regimeBreakdown = (): KeyBreakdown => new KeyBreakdown((t) => t.regime);
/** By preset (null as NO_PRESET_KEY), sorted by trades descending, then key. */
export const presetBreakdown = (): KeyBreakdown => new KeyBreakdown((t) => t.preset ?? NO_PRESET_KEY);
/** By parameter version in force at entry (null as NO_PRESET_KEY), sorted by trades descending, then key. */
export const paramsVersionBreakdown = (): KeyBreakdown => new KeyBreakdown((t) => t.paramsVersion ?? NO_PRESET_KEY);
/** By underlying, sorted by trades descending, then key. */
export const underlyingBreakdown = (): KeyBreakdown => new KeyBreakdown((t) => t.underlying);

type Trades = readonly ClosedTradeRecord[];
/** By side (CE, PE), sorted by key. */
export const bySide = (trades: Trades): BreakdownRow[] => accumulate(trades, sideBreakdown());
/** By exit reason, sorted by trades descending, then key. */
export const byExitReason = (trades: Trades): BreakdownRow[] => accumulate(trades, exitReasonBreakdown());
/** By regime at entry, sorted by trades descending, then key. */
export const byRegime = (trades: Trades): BreakdownRow[] => accumulate(trades, regimeBreakdown());
/** By preset (null as NO_PRESET_KEY), sorted by trades descending, then key. */
export const byPreset = (trades: Trades): BreakdownRow[] => accumulate(trades, presetBreakdown());
/** By parameter version in force at entry (null as NO_PRESET_KEY), sorted by trades descending, then key. */
export const byParamsVersion = (trades: Trades): BreakdownRow[] => accumulate(trades, paramsVersionBreakdown());
/** By underlying, sorted by trades descending, then key. */
export const byUnderlying = (trades: Trades): BreakdownRow[] => accumulate(trades, underlyingBreakdown());
