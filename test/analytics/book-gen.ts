/** Seeded generator of trade books for the analytics tests: the agent's book or the manual one, with their fill events. */
import type { ClosedTradeRecord, TradeEventRecord, TradeSource } from '../../src/core/model/book-records.js';
import type { Regime, Side } from '../../src/core/model/events.js';
import type { OrderAction } from '../../src/core/model/order.js';
import type { FillKind } from '../../src/core/model/book-records.js';
import { createRng } from '../../src/core/rng.js';

export type Book = 'agent' | 'manual';

export interface GeneratedBook {
  readonly trades: ClosedTradeRecord[];
  readonly events: TradeEventRecord[];
}

export const IST = 330;
const MIN = 60_000;
const DAY = 86_400_000;
/** 2026-01-05, a Monday, 00:00 UTC. */
export const MONDAY_2026_01_05 = Date.UTC(2026, 0, 5);

const REASONS = ['take_profit', 'stop_loss', 'trail_stop', 'time_exit', 'momentum_flip', 'manual', 'kill'];
const REGIMES: Regime[] = ['UNKNOWN', 'TRENDING', 'RANGING', 'VOLATILE'];
const AGENT_PRESETS = ['nifty_normal', 'nifty_expiry', 'sensex_normal', 'momentum_scalper'];
const VERSIONS = ['pv-a', 'pv-b', 'pv-c'];

/**
 * `n` closed trades in shuffled order (so exit ordering is exercised), with exit-time ties, break-even trades,
 * a few weekend and non-IST records, and 1–4 fills per trade (signal prices and latencies sometimes null,
 * sometimes fractional).
 */
export function generateBook(book: Book, n: number, seed: number): GeneratedBook {
  const rng = createRng(seed);
  const u = (): number => rng.next();
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(u() * xs.length)]!;
  const trades: ClosedTradeRecord[] = [];
  const events: TradeEventRecord[] = [];
  for (let i = 0; i < n; i++) {
    const source: TradeSource = book === 'agent' ? 'agent' : u() < 0.6 ? 'scalping' : 'chart';
    const utcOffsetMin = u() < 0.9 ? IST : pick([0, -300, 60]);
    // 12 calendar days from Monday 5 Jan 2026 (including a weekend); entries 09:15–15:29 local, on a coarse grid for ties.
    const day = int(0, 11);
    const entryMinute = int(9 * 60 + 15, 15 * 60 + 29);
    const entryTs = MONDAY_2026_01_05 + day * DAY + (entryMinute - utcOffsetMin) * MIN + int(0, 5) * 10_000;
    const exitTs = entryTs + int(0, 12) * 10_000;
    const side: Side = u() < 0.5 ? 'CE' : 'PE';
    const underlying = u() < 0.65 ? 'NIFTY' : 'SENSEX';
    const symbol = `${underlying}26JAN${pick(['24000', '24100', '80000'])}${side}`;
    const lot = underlying === 'NIFTY' ? 75 : 20;
    const qty = lot * int(1, 3);
    const entryPrice = int(1_000, 30_000) * 5;
    const move = u() < 0.05 ? 0 : int(-120, 110) * 5;
    const exitPrice = Math.max(5, entryPrice + move);
    const grossPnl = (exitPrice - entryPrice) * qty;
    // Some trades net exactly zero (gross = charges), some gross-flat but charged.
    const charges = u() < 0.03 && grossPnl > 0 ? grossPnl : int(0, 9_000);
    const preset = book === 'agent' ? pick(AGENT_PRESETS) : u() < 0.2 ? 'manual_template' : null;
    const paramsVersion = book === 'agent' ? pick(VERSIONS) : null;
    const mode = u() < 0.7 ? 'PAPER' : 'LIVE';
    const tradeId = `${book === 'agent' ? 'A' : 'M'}${String(int(0, 99_999)).padStart(5, '0')}-${i}`;
    const exchange = underlying === 'NIFTY' ? 'NFO' : 'BFO';
    trades.push({
      tradeId,
      mode,
      source,
      underlying,
      exchange,
      symbol,
      side,
      qty,
      entryTs,
      exitTs,
      entryPrice,
      exitPrice,
      grossPnl,
      charges,
      netPnl: grossPnl - charges,
      exitReason: pick(REASONS),
      preset,
      paramsVersion,
      regime: book === 'agent' ? pick(REGIMES) : 'UNKNOWN',
      tradingDate: '2026-01-05',
      utcOffsetMin,
    });
    const fills: [FillKind, OrderAction, number, number][] = [['ENTRY', 'BUY', entryTs, entryPrice]];
    if (u() < 0.2) fills.push(['AVERAGE', 'BUY', entryTs + 1_000, entryPrice + int(-4, 4) * 5]);
    if (u() < 0.2) fills.push(['PARTIAL_EXIT', 'SELL', exitTs - 1_000, exitPrice + int(-4, 4) * 5]);
    fills.push(['EXIT', 'SELL', exitTs, exitPrice]);
    for (const [kind, action, ts, price] of fills) {
      const signalRoll = u();
      const signalPrice =
        signalRoll < (book === 'agent' ? 0.05 : 0.4) ? null : price + int(-6, 6) * 5 + (signalRoll > 0.97 ? 2.5 : 0);
      events.push({
        eventId: `${tradeId}-${kind}`,
        tradeId,
        kind,
        ts,
        tradingDate: '2026-01-05',
        mode,
        source,
        underlying,
        exchange,
        symbol,
        side,
        action,
        qty: kind === 'EXIT' || kind === 'ENTRY' ? qty : lot,
        price,
        signalPrice,
        latencyMs: u() < 0.15 ? null : int(0, 900),
        charges: int(0, 3_000),
        positionQty: null,
        reason: kind,
        preset,
        paramsVersion,
        contextJson: null,
      });
    }
  }
  // Shuffle (Fisher–Yates) so nothing arrives in exit order.
  for (let i = trades.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [trades[i], trades[j]] = [trades[j]!, trades[i]!];
  }
  return { trades, events };
}
