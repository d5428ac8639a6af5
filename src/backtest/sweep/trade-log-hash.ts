/** A canonical serialisation of closed trades and their fills, and its FNV-1a 64 hash: equal hashes mean bitwise-equal trade logs. */
import type { ClosedTrade } from '../../core/model/events.js';
import { Fnv1a64 } from './fnv-hasher.js';

/**
 * One JSON array per trade, fields in a fixed order (not the object's key order), fills last:
 * `[id, side, symbol, instrument, qty, entryTs, entryPrice, exitTs, exitPrice, grossPnl, charges, netPnl,
 * exitReason, [[ts, action, qty, price, charges, purpose], …]]`. Numbers print in their shortest
 * round-trip form, so two equal lines mean bitwise-equal numbers.
 */
export function canonicalTradeLine(t: ClosedTrade): string {
  return JSON.stringify([
    t.id,
    t.side,
    t.symbol,
    t.instrument,
    t.qty,
    t.entryTs,
    t.entryPrice,
    t.exitTs,
    t.exitPrice,
    t.grossPnl,
    t.charges,
    t.netPnl,
    t.exitReason,
    t.fills.map((f) => [f.ts, f.action, f.qty, f.price, f.charges, f.purpose]),
  ]);
}

/** The canonical trade log: one line per trade, in close order, each ending in a newline. */
export function canonicalTradeLog(trades: readonly ClosedTrade[]): string {
  return trades.map((t) => `${canonicalTradeLine(t)}\n`).join('');
}

/** FNV-1a 64 of the canonical trade log, 16 hex digits (equal to `fnv1a64(canonicalTradeLog(trades))`). */
export function tradeLogHash(trades: readonly ClosedTrade[]): string {
  const h = new Fnv1a64();
  for (const t of trades) h.update(canonicalTradeLine(t)).update('\n');
  return h.digest();
}
