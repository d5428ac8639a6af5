/** Records of a trade book (the agent's or the trader's manual one): one shape for both, money in minor units. */
import type { Regime, Side } from './events.js';
import type { OrderAction } from './order.js';

/** Paper or live execution. */
export type TradeMode = 'PAPER' | 'LIVE';

/** Who produced a trade: the agent's kernel, or the trader's own tools (manual book only). */
export type TradeSource = 'agent' | 'scalping' | 'chart';

/** The kind of a fill event in a book. */
export type FillKind = 'ENTRY' | 'AVERAGE' | 'PARTIAL_EXIT' | 'EXIT';

/** One fill of a trade, as stored. Idempotent on `eventId`. */
export interface TradeEventRecord {
  readonly eventId: string;
  readonly tradeId: string;
  readonly kind: FillKind;
  /** Epoch ms of the fill. */
  readonly ts: number;
  /** Exchange trading date, YYYY-MM-DD. */
  readonly tradingDate: string;
  readonly mode: TradeMode;
  readonly source: TradeSource;
  readonly underlying: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: Side;
  readonly action: OrderAction;
  readonly qty: number;
  readonly price: number;
  /** The price the decision saw (null for manual trades that do not report it). */
  readonly signalPrice: number | null;
  /** Decision-to-fill milliseconds (null when unknown). */
  readonly latencyMs: number | null;
  readonly charges: number;
  /** Position quantity after this fill (null when unknown). */
  readonly positionQty: number | null;
  readonly reason: string;
  readonly preset: string | null;
  readonly paramsVersion: string | null;
  /** Decision context as JSON (regime, momentum, streaks, session P&L, spread, trail stage, …), or null. */
  readonly contextJson: string | null;
}

/** A closed trade, stored with its final EXIT in the same transaction. */
export interface ClosedTradeRecord {
  readonly tradeId: string;
  readonly mode: TradeMode;
  readonly source: TradeSource;
  readonly underlying: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: Side;
  /** Largest quantity held. */
  readonly qty: number;
  readonly entryTs: number;
  readonly exitTs: number;
  /** Quantity-weighted average buy price, minor units (may be fractional). */
  readonly entryPrice: number;
  /** Quantity-weighted average sell price, minor units (may be fractional). */
  readonly exitPrice: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
  /** An ExitReason for the agent's trades; the trader's own text for manual ones. */
  readonly exitReason: string;
  readonly preset: string | null;
  readonly paramsVersion: string | null;
  /** Regime of the traded side at entry (UNKNOWN when not known). */
  readonly regime: Regime;
  /** Exchange trading date of the exit, YYYY-MM-DD. */
  readonly tradingDate: string;
  /** Exchange UTC offset in minutes, for time-of-day and weekday breakdowns. */
  readonly utcOffsetMin: number;
}

/** Any other kernel event (risk denials, parameter changes, rolls, state changes), stored as JSON. */
export interface OtherEventRecord {
  readonly eventId: string;
  readonly ts: number;
  readonly kind: string;
  readonly json: string;
}

/** Filters shared by the stores and the analytics; every field is optional and they combine with AND. */
export interface TradeFilter {
  readonly mode?: TradeMode;
  readonly source?: TradeSource;
  readonly symbol?: string;
  readonly side?: Side;
  readonly underlying?: string;
  readonly preset?: string;
  readonly paramsVersion?: string;
  /** Inclusive lower bound, epoch ms (closed trades: exit time; events: fill time). */
  readonly fromTs?: number;
  /** Exclusive upper bound, epoch ms. */
  readonly toTs?: number;
}

/** One transaction's worth of book writes. */
export interface BookBatch {
  readonly events: readonly TradeEventRecord[];
  readonly trades: readonly ClosedTradeRecord[];
  readonly others: readonly OtherEventRecord[];
}

/** One move of a trade's stop (from the book's StopMoved events), prices in minor units. */
export interface StopMove {
  readonly ts: number;
  readonly from: number;
  readonly to: number;
  readonly stage: string;
  readonly price: number;
}
