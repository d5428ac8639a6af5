/** Events the kernel emits to the Store port: immutable records of what happened and why. */
import type { OrderAction, OrderPurpose } from './order.js';

/** Market regime of one side's premium. */
export type Regime = 'UNKNOWN' | 'TRENDING' | 'RANGING' | 'VOLATILE';

/** Which option the scalper trades. */
export type Side = 'CE' | 'PE';

/** The decision context logged with every trade event (the original's ENTRY/EXIT context). */
export interface DecisionContext {
  readonly regime: Regime;
  readonly momentumCount: number;
  /** Points moved by the current streak, minor units. */
  readonly momentumVelocity: number;
  readonly consecutiveLosses: number;
  readonly winStreak: number;
  /** Realised net P&L of the trading date so far, minor units. */
  readonly sessionPnl: number;
  /** 1-based number of the trade within the trading date. */
  readonly tradeNumber: number;
  /** ask − bid of the traded side at the decision, minor units (0 when unknown). */
  readonly spread: number;
  /** bidQty / askQty of the traded side at the decision (0 when unknown). */
  readonly bidAskRatio: number;
  readonly trailStage: TrailStage;
  /** Highest price seen since entry, minor units (0 before entry). */
  readonly highWaterMark: number;
  /** Highest open profit per unit seen since entry, minor units. */
  readonly maxProfit: number;
  readonly reEntry: boolean;
  readonly preset: string;
  readonly paramsVersion: string;
}

/** Trailing-stop stage, named by what it does. */
export type TrailStage = 'initial' | 'breakeven' | 'profit_lock' | 'lock' | 'trail' | 'tight' | 'accel' | 'wide' | 'time_tighten';

/** Why a position (or part of it) was closed. */
export type ExitReason =
  | 'take_profit'
  | 'stop_loss'
  | 'trail_stop'
  | 'time_stop'
  | 'per_trade_max_loss'
  | 'daily_max_loss'
  | 'time_exit'
  | 'momentum_flip'
  | 'flip'
  | 'partial_exit'
  | 'session_flatten'
  | 'data_stall'
  | 'kill'
  | 'stop'
  | 'force_exit';

/** One execution inside a trade, money in minor units. */
export interface TradeFill {
  readonly ts: number;
  readonly action: OrderAction;
  readonly qty: number;
  readonly price: number;
  readonly charges: number;
  readonly purpose: OrderPurpose;
}

/** A closed trade with its fills; gross = Σ sell − Σ buy, net = gross − charges, all minor units. */
export interface ClosedTrade {
  readonly id: string;
  readonly side: Side;
  readonly symbol: string;
  readonly instrument: number;
  /** Largest quantity held at once. */
  readonly qty: number;
  readonly entryTs: number;
  /** Quantity-weighted average of the buy fills, minor units (may be fractional after averaging). */
  readonly entryPrice: number;
  readonly exitTs: number;
  /** Quantity-weighted average of the sell fills, minor units. */
  readonly exitPrice: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
  readonly exitReason: ExitReason;
  readonly fills: readonly TradeFill[];
}

interface EventBase {
  /** Deterministic id: unique and stable for the same inputs. */
  readonly id: string;
  readonly ts: number;
}

export interface OrderSubmittedEvent extends EventBase {
  readonly kind: 'OrderSubmitted';
  readonly orderId: string;
  readonly tradeId: string;
  readonly instrument: number;
  readonly action: OrderAction;
  readonly purpose: OrderPurpose;
  readonly qty: number;
  readonly signalPrice: number;
  readonly reason: string;
}

export interface OrderRejectedEvent extends EventBase {
  readonly kind: 'OrderRejected';
  readonly orderId: string;
  readonly tradeId: string;
  readonly purpose: OrderPurpose;
  readonly reason: string;
}

/** ENTRY, AVERAGE, PARTIAL_EXIT and EXIT fills, each with its decision context. */
export interface TradeFillEvent extends EventBase {
  readonly kind: 'Entry' | 'Average' | 'PartialExit' | 'Exit';
  readonly tradeId: string;
  readonly orderId: string;
  readonly side: Side;
  readonly symbol: string;
  readonly instrument: number;
  readonly action: OrderAction;
  readonly qty: number;
  readonly price: number;
  /** Price that triggered the order; price − signalPrice is the slippage. */
  readonly signalPrice: number;
  /** Milliseconds from decision to fill. */
  readonly latencyMs: number;
  readonly charges: number;
  /** Position quantity after this fill. */
  readonly positionQty: number;
  readonly reason: string;
  readonly context: DecisionContext;
}

export interface TradeClosedEvent extends EventBase {
  readonly kind: 'TradeClosed';
  readonly trade: ClosedTrade;
}

/** A fully qualified signal that a risk rule refused (logged when the reason changes, not per tick). */
export interface RiskDeniedEvent extends EventBase {
  readonly kind: 'RiskDenied';
  readonly side: Side;
  readonly reason: string;
}

/** The open position's stop moved (the trailing ladder, a time tighten or an optional rule): the trade's decision trace. */
export interface StopMovedEvent extends EventBase {
  readonly kind: 'StopMoved';
  readonly tradeId: string;
  /** Stop before and after, minor units. */
  readonly from: number;
  readonly to: number;
  /** The stage that set the new stop. */
  readonly stage: TrailStage;
  /** The option's price that moved it, minor units. */
  readonly price: number;
}

export interface ParamsAppliedEvent extends EventBase {
  readonly kind: 'ParamsApplied';
  readonly paramsVersion: string;
  readonly preset: string;
}

export interface TradingStateChangedEvent extends EventBase {
  readonly kind: 'TradingStateChanged';
  readonly state: TradingState;
  readonly reason: string;
}

/** An exit that keeps being rejected: raised once per position at the Nth rejection; the kernel keeps retrying. */
export interface ExitStuckEvent extends EventBase {
  readonly kind: 'ExitStuck';
  readonly tradeId: string;
  readonly symbol: string;
  readonly qty: number;
  readonly attempts: number;
  /** The broker's reason for the last rejection. */
  readonly reason: string;
}

export interface StrikesRolledEvent extends EventBase {
  readonly kind: 'StrikesRolled';
  readonly ce: string;
  readonly pe: string;
}

/** The adaptive preset switched the active strategy preset (its overrides applied on top of the current set). */
export interface PresetSwitchedEvent extends EventBase {
  readonly kind: 'PresetSwitched';
  readonly fromPreset: string;
  readonly toPreset: string;
  readonly reason: string;
  readonly regime: Regime;
  readonly consecutiveLosses: number;
  readonly winStreak: number;
  readonly recentWinRate: number;
  readonly recentTrades: number;
  readonly paramsVersion: string;
}

/** Risk engine trading state: `halted` is the kill switch. */
export type TradingState = 'active' | 'reducing' | 'halted';

export type KernelEvent =
  | OrderSubmittedEvent
  | OrderRejectedEvent
  | TradeFillEvent
  | TradeClosedEvent
  | RiskDeniedEvent
  | ParamsAppliedEvent
  | TradingStateChangedEvent
  | StrikesRolledEvent
  | StopMovedEvent
  | ExitStuckEvent
  | PresetSwitchedEvent;
