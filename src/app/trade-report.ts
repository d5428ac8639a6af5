/** The wire shape of trades and metrics: money in major units (rupees) rounded to 2 decimals, times in epoch ms. */
import type { TradeMetrics } from '../analytics/trade-metrics.js';
import type { ClosedTrade } from '../core/model/events.js';
import { toMajor } from '../core/model/money.js';

export interface WireFill {
  readonly ts: number;
  readonly action: 'BUY' | 'SELL';
  readonly qty: number;
  readonly price: number;
}

export interface WireTrade {
  readonly id: string;
  readonly side: 'CE' | 'PE';
  readonly symbol: string;
  readonly qty: number;
  readonly entryTs: number;
  readonly entryPrice: number;
  readonly exitTs: number;
  readonly exitPrice: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
  readonly exitReason: string;
  readonly fills: readonly WireFill[];
}

export interface WireMetrics {
  readonly trades: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
  readonly winRate: number;
  readonly profitFactor: number | null;
  readonly maxDrawdown: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Converts a closed trade; average prices (fractional paise after averaging) round to the paisa. */
export function toWireTrade(t: ClosedTrade): WireTrade {
  return {
    id: t.id,
    side: t.side,
    symbol: t.symbol,
    qty: t.qty,
    entryTs: t.entryTs,
    entryPrice: toMajor(Math.round(t.entryPrice)),
    exitTs: t.exitTs,
    exitPrice: toMajor(Math.round(t.exitPrice)),
    grossPnl: toMajor(t.grossPnl),
    charges: toMajor(t.charges),
    netPnl: toMajor(t.netPnl),
    exitReason: t.exitReason,
    fills: t.fills.map((f) => ({ ts: f.ts, action: f.action, qty: f.qty, price: toMajor(f.price) })),
  };
}

/** Converts metrics: money to rupees, win rate to a 0..1 ratio with 4 decimals, profit factor to 2 decimals (null = no losses). */
export function toWireMetrics(m: TradeMetrics): WireMetrics {
  return {
    trades: m.trades,
    grossPnl: toMajor(m.grossPnl),
    charges: toMajor(m.charges),
    netPnl: toMajor(m.netPnl),
    winRate: Math.round(m.winRate * 10_000) / 10_000,
    profitFactor: m.profitFactor === null ? null : round2(m.profitFactor),
    maxDrawdown: toMajor(m.maxDrawdown),
  };
}
