/** What the operations of the command surface need from the running product: the agent, the books and the mode in force. */
import type { AnalyticsBook } from './commands/get-analytics.js';
import type { TradesBook } from './commands/list-trades.js';
import type { ExperimentDeps } from './commands/experiments.js';
import type { EventBus } from './events/event-bus.js';
import type { JobService } from './jobs/job-service.js';
import type { ManualTradesDeps } from './commands/ingest-manual-trades.js';
import type { AuditEntry } from '../adapters/store/control-store.js';
import type { WebhookStore } from '../adapters/store/webhook-store.js';
import type { InboundHookStore } from '../adapters/store/inbound-hook-store.js';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import type { AgentStartOptions, AgentStatus } from './runtime/agent-manager.js';
import type { EntryLockRecord } from './runtime/entry-lock-book.js';
import type { LogRing } from './logs/log-ring.js';
import type { Governance } from './governance/governance.js';
import type { LiveArming } from './live/live-arming.js';
import type { Bandit } from './tuners/bandit/bandit.js';
import type { TunerService } from './tuners/tuner-service.js';
import type { ClosedTradeRecord, StopMove, TradeEventRecord } from '../core/model/book-records.js';
import type { LiveTickSource } from './runtime/runtime-ports.js';
import type { PremiumTicks } from './runtime/premium-ticks.js';
import type { DayPlan } from '../sim/market/day-plan.js';
import type { BrokerPositionRow, BrokerTradeRow } from './live/broker-records.js';

/** The broker's position book and tradebook, read through OpenAlgo. */
export interface BrokerBooks {
  trades(date: string, utcOffsetMin: number): Promise<BrokerTradeRow[]>;
  positions(): Promise<BrokerPositionRow[]>;
}
import type { Params } from '../core/params/schema.js';
import type { EodSchedule } from './live/eod-schedule.js';

/** The agent's commands as the surface uses them (the AgentManager implements it). */
export interface AgentControl {
  status(): AgentStatus;
  start(o: AgentStartOptions): void | Promise<void>;
  /** Starts on the simulator once `plan` has made its days off the event loop; a stop meanwhile cancels the start (CONFLICT). */
  startPlanned(o: AgentStartOptions, plan: (signal: AbortSignal) => Promise<readonly DayPlan[] | undefined>): Promise<void>;
  /** Puts a parameter set in force from the next tick. */
  applyParams(params: Params, preset: string): void;
  /** The parameter set in force, null before a start. */
  currentParams(): Params | null;
  pause(reason?: string): void;
  resume(): void;
  kill(): void;
  /** Exits the open position now; false when flat. */
  forceExit(): boolean;
  stop(flatten: boolean): Promise<void>;
  /** The feed's time now (newest tick), the exchange's UTC offset, trading date and underlying; null before a start. */
  feedClock(): { readonly ts: number; readonly utcOffsetMin: number; readonly tradingDate: string | null; readonly underlying: string } | null;
  entryLocks(): readonly EntryLockRecord[];
  addEntryLock(lock: Omit<EntryLockRecord, 'id' | 'createdTs'>): EntryLockRecord;
  removeEntryLock(id: string): boolean;
}

export type Book = AnalyticsBook &
  TradesBook & {
    closedTrade(tradeId: string): ClosedTradeRecord | undefined;
    fillsOfTrade(tradeId: string): TradeEventRecord[];
    stopMovesOfTrade(tradeId: string, fromTs: number, toTs: number): StopMove[];
  };

export interface AppDeps {
  readonly agent: AgentControl;
  readonly books: { readonly auto: Book; readonly manual: Book };
  /** The trading mode in force (paper until a human arms live). */
  readonly mode: () => 'paper' | 'live';
  readonly version: string;
  /** What `engine.start` starts when the caller leaves a field out: the daemon's own start options. */
  readonly startDefaults?: Omit<AgentStartOptions, 'mode'> & {
    /** On a live market: opens a fresh connection to it for each start, with orders through OpenAlgo in analyzer or live mode. */
    readonly openLive?: (mode: 'paper' | 'analyzer' | 'live') => Promise<LiveTickSource>;
    /** The daemon's own trading mode (`serve --mode`), the default of a start that names none (live is always named). */
    readonly mode?: 'paper' | 'analyzer' | 'live';
    /** On the simulator: plans the run's days off the event loop (a worker thread). */
    readonly planSim?: (o: { preset: string; startDate: string; days: number; seed: number }, signal?: AbortSignal) => Promise<readonly DayPlan[] | undefined>;
  };
  /** The daemon's typed events (SSE, webhooks, MCP subscribe to them). */
  readonly events: EventBus;
  /** The experiment queue, when the daemon runs it. */
  readonly experiments?: ExperimentDeps;
  /** Outbound webhooks, when the daemon runs them. */
  readonly webhooks?: { readonly store: WebhookStore; readonly dispatcher: WebhookDispatcher };
  /** Inbound hooks: an alerting system's one-action URLs, each with its own secret. */
  readonly hooks?: InboundHookStore;
  /** Backtests and sweeps as jobs on the worker pool. */
  readonly jobs?: JobService;
  /** The manual book's ingestion (the trader's own fills). */
  readonly manual?: ManualTradesDeps;
  /** The broker's books through OpenAlgo, when it is configured (reconciliation reads them). */
  readonly brokerBooks?: BrokerBooks;
  /** The end-of-day reconciliation run by itself after the close (a daemon trading through OpenAlgo). */
  readonly eodSchedule?: EodSchedule;
  /** Requests to arm live trading (only the trader completes one). */
  readonly liveArming?: LiveArming;
  /** Parameter versions and proposals. */
  readonly governance?: Governance;
  /** The bandit over fixed parameter arms, proposing switches through governance. */
  readonly bandit?: Bandit;
  /** The tuner: runs on demand and on its schedule, proposing through governance. */
  readonly tuner?: TunerService;
  /** The daemon's recent log lines. */
  readonly logs?: LogRing;
  /** Where an option's ticks around a trade are looked up (the run's own days, the tick recordings). */
  readonly premium?: PremiumTicks;
  /** The newest audit entries. */
  readonly audit?: (limit: number) => readonly AuditEntry[];
  /** The doctor's checks of this installation. */
  readonly doctor?: () => Promise<readonly { check: string; verdict: 'ok' | 'warn' | 'fail'; detail: string }[]>;
}
