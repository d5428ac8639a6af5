/** What the running service needs from storage, as small interfaces the adapters implement. */
import type { ClosedTradeRecord, OtherEventRecord, TradeEventRecord, TradeFilter } from '../../core/model/book-records.js';
import type { Universe } from '../../core/model/instrument.js';
import type { Tick } from '../../core/model/tick.js';
import type { RunWorld, SessionBroker } from '../../backtest/run-days.js';
import type { HeldPosition, PositionMismatch } from '../live/position-check.js';

/** One event for the book: a fill, a closed trade or another kernel event (exactly one field is set). */
export interface BookItem {
  readonly fill?: TradeEventRecord;
  readonly trade?: ClosedTradeRecord;
  readonly other?: OtherEventRecord;
}

/** Control-database updates written after a batch's book transaction commits. */
export interface ControlUpdate {
  /** Daily risk snapshot of one trading date. */
  readonly dailyRisk?: { readonly date: string; readonly json: string };
  /** Open positions of the agent's book now (replaces the stored set). */
  readonly positions?: readonly { readonly tradeId: string; readonly json: string }[];
  /** Engine key/value state, e.g. the simulator cursor. */
  readonly state?: readonly { readonly key: string; readonly value: string }[];
}

/** The queue from the tick loop to the writer. `push` and `post` never block. */
export interface EventSink {
  push(item: BookItem): boolean;
  setControl(update: ControlUpdate): void;
  post(ts: number): void;
  readonly pending: number;
  /** Non-trade events dropped while the queue was full (trade events are never dropped). */
  readonly droppedNonTrade: number;
  drain(ts: number): Promise<void>;
}

/** Read access to the agent's book, for restoring after a restart. */
export interface BookReader {
  openTrades(): { tradeId: string; fills: TradeEventRecord[] }[];
  tradesForDate(tradingDate: string): ClosedTradeRecord[];
  events(filter?: TradeFilter): TradeEventRecord[];
  otherEvents(fromTs?: number): OtherEventRecord[];
}

/** Read access to the control database's engine state and saved positions. */
export interface ControlReader {
  getState(key: string): { value: string } | undefined;
  listPositions(book?: string): { tradeId: string; snapshotJson: string }[];
}

/** Records every processed tick (per trading day); `record` is O(1) and never waits on disk. */
export interface TickRecorderPort {
  record(tick: Tick): void;
  /** Writes what is buffered; resolves when it is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the recorder once the run's instruments are known. */
export type TickRecorderFactory = (universe: Universe, utcOffsetMin: number) => TickRecorderPort;

/** The feed connection's health as status shows it (a live source only). */
export interface FeedConnection {
  readonly state: string;
  readonly connected: boolean;
  readonly reconnects: number;
  readonly lastError: string | null;
}

/**
 * A live market: its world (instruments, the chain, charges, the paper fill model) and its ticks as they
 * arrive, each batch in arrival order with non-decreasing times.
 */
export interface LiveTickSource {
  /** E.g. "NIFTY via OpenAlgo". */
  readonly label: string;
  readonly world: RunWorld;
  /** Where the run's cursor is kept (a restart resumes the book's position, not old ticks). */
  readonly cursorKey: string;
  /** The ticks that arrived since the last call, waiting up to `waitMs` for one (an empty batch then); null once the source ended. */
  next(waitMs: number): Promise<readonly Tick[] | null>;
  health(): FeedConnection;
  stop(): void;
  /** The option symbols the agent trades now (its strikes, the held option): the source streams those and their neighbours, and may drop the rest. */
  watch?(symbols: readonly string[]): void;
  /** Orders through the venue (OpenAlgo's analyzer or the live broker); absent: our paper broker fills. */
  readonly orders?: VenueOrders;
}

/** A venue the session's orders go to, and the comparison of our positions with its position book. */
export interface VenueOrders {
  /** analyzer: OpenAlgo's sandbox; live: the trader's broker (armed). */
  readonly mode: 'analyzer' | 'live';
  readonly broker: SessionBroker;
  /**
   * Compares our positions with the venue's (now, after every reconnect and every few seconds); a
   * difference confirmed on two checks is raised once through onMismatch and never "fixed".
   */
  watchPositions(o: { readonly ours: () => readonly HeldPosition[]; readonly onMismatch: (m: readonly PositionMismatch[]) => void; readonly onAgreed?: () => void }): void;
}
