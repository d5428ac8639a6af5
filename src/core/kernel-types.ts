/** The kernel's public types: its configuration, what the runtime restores, and its status snapshot. */
import type { TradeEventRecord } from './model/book-records.js';
import type { Side, TradingState, TrailStage } from './model/events.js';
import type { OptionInstrument, Universe } from './model/instrument.js';
import type { OrderAction } from './model/order.js';
import type { Params } from './params/schema.js';
import type { Broker, Store } from './ports.js';
import type { DailyRiskSnapshot } from './risk/daily-risk.js';

/** One strike of an option chain: the CE and PE instrument ids. Strike in minor units. */
export interface ChainStrike {
  readonly strike: number;
  readonly ce: number;
  readonly pe: number;
}

/** The tradable chain (nearest expiry) at a time. */
export interface OptionChain {
  readonly expiryDate: string;
  readonly strikes: readonly ChainStrike[];
}

/** Where the kernel finds the chain to pick at-the-money strikes from. Must be pure in `ts`. */
export interface StrikeSource {
  chainAt(ts: number): OptionChain | undefined;
}

/**
 * Charges of one fill in minor units (the rate card is chosen by the composition root). `priorTurnover` is
 * the order's filled turnover (Σ price × qty, minor units) before this fill, 0 or omitted for a new order:
 * a fill pays charges(order after) − charges(order before), so brokerage is paid once per order.
 */
export type ChargesFn = (instrument: OptionInstrument, action: OrderAction, qty: number, price: number, ts: number, priorTurnover?: number) => number;

export interface KernelConfig {
  readonly universe: Universe;
  /** Instrument id of the underlying index. */
  readonly underlying: number;
  readonly strikes: StrikeSource;
  readonly broker: Broker;
  readonly store: Store;
  readonly charges: ChargesFn;
  readonly params: Params;
  readonly preset: string;
  /** The exchange calendar by day number (days since 1970-01-01): no entry window on a holiday. Default: every day trades. */
  readonly isTradingDay?: (day: number) => boolean;
}

/** An open position as the book recorded it, plus the last stop the runtime saved for it. */
export interface RestoredPosition {
  readonly tradeId: string;
  /** The position's fills in order (ENTRY, AVERAGE, PARTIAL_EXIT). */
  readonly fills: readonly TradeEventRecord[];
  /** The last saved stop, stage and high-water mark; the stop never restores below the initial stop. */
  readonly stop?: number;
  readonly stage?: TrailStage;
  readonly highWaterMark?: number;
}

/** What the runtime restores before the first tick after a restart. */
export interface KernelRestore {
  readonly risk: DailyRiskSnapshot;
  /**
   * The trader's standing command, not the derived state: `halted` (killed), `reducing` (paused) or
   * `active`. The daily loss limit comes from `risk`, so it lapses at the next trading date.
   */
  readonly tradingState: TradingState;
  /** Highest trade number and event sequence already used on the risk's date (new ids continue above them). */
  readonly tradeSeq: number;
  readonly eventSeq: number;
  readonly position: RestoredPosition | null;
}

/** A snapshot of the kernel for status displays and tests. */
export interface KernelStatus {
  readonly tradingState: TradingState;
  readonly date: string;
  readonly paramsVersion: string;
  readonly preset: string;
  readonly ce: string | null;
  readonly pe: string | null;
  readonly regime: { readonly CE: string; readonly PE: string };
  readonly position: {
    readonly tradeId: string;
    readonly side: Side;
    readonly symbol: string;
    readonly qty: number;
    readonly avgEntry: number;
    readonly stop: number;
    readonly stage: string;
    readonly unrealisedNet: number;
    /** Rejected exit attempts so far; at EXIT_STUCK_ATTEMPTS or more the exit is stuck. */
    readonly exitAttempts: number;
  } | null;
  readonly realisedNet: number;
  readonly trades: number;
  readonly consecutiveLosses: number;
  readonly winStreak: number;
  readonly lossLimitHit: boolean;
  /** The trader's (or runtime's) pause in force, null when none; a kill shows as tradingState `halted`. */
  readonly pausedReason: string | null;
}
