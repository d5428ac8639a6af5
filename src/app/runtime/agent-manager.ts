/** The agent manager: runs the kernel on a feed as a long-lived service, with start, pause, resume, stop, kill and status. */
import { PaperSession } from '../../backtest/run-days.js';
import { EXIT_STUCK_ATTEMPTS } from '../../core/kernel.js';
import type { EventBus } from '../events/event-bus.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import type { ClosedTradeRecord } from '../../core/model/book-records.js';
import type { KernelEvent } from '../../core/model/events.js';
import { epochOfLocal, tradingDate } from '../../core/calendar/exchange-time.js';
import { formatMajor } from '../../core/model/money.js';
import type { MutableTick } from '../../core/model/tick.js';
import { toKernelParams } from '../../core/params/kernel-params.js';
import { isPresetName, presetParams, type PresetName } from '../../core/params/presets.js';
import { withOverrides, type Params } from '../../core/params/schema.js';
import type { Logger, Store } from '../../core/ports.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { readRow } from '../../sim/market/tick-columns.js';
import { sessionOverrides } from '../../backtest/run-dataset.js';
import type { ReplayDataset } from '../../backtest/dataset.js';
import { AgentCommandError } from './agent-command-error.js';
import { checkSimStart } from '../sim-checks.js';
import { ENTRY_LOCKS_KEY, EntryLockBook, type EntryLockRecord } from './entry-lock-book.js';
import { loopRuns, nextAgentState, type AgentState } from './agent-lifecycle.js';
import { BookMapper } from './book-mapping.js';
import { planRestore } from './restore-plan.js';
import { createRunSource, liveRunSource, firstDayAfter, firstRowAfter, type RunSource } from './run-source.js';
import type { DayPlan } from '../../sim/market/day-plan.js';
import type { BookReader, ControlReader, EventSink, FeedConnection, LiveTickSource, TickRecorderFactory, TickRecorderPort, VenueOrders } from './runtime-ports.js';
import type { Instrument } from '../../core/model/instrument.js';

export { AgentCommandError } from './agent-command-error.js';
export { AgentTransitionError, type AgentState } from './agent-lifecycle.js';
export { simCursorKey } from './run-source.js';

/** paper: our paper broker; analyzer: OpenAlgo's sandbox; live: the trader's broker, only while armed. */
export type TradingMode = 'paper' | 'analyzer' | 'live';

export interface AgentStartOptions {
  readonly mode: TradingMode;
  readonly preset: string;
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly days: number;
  readonly startDate: string;
  /** Simulated milliseconds per wall millisecond; Infinity runs as fast as it can. */
  readonly simSpeed: number;
  /** Stop (without flattening) once the feed passes this tick time, e.g. to replay a session up to a moment. */
  readonly stopAtTs?: number;
  /** The exact parameter set to run (the version in force after a restart); preset and overrides then only name it. */
  readonly params?: Params;
  /** Replay a dataset instead of the simulator (seed, days and startDate are then ignored except the seed of paper fills). */
  readonly replay?: ReplayDataset;
  /** Paper trading on a live market (seed, days, startDate and simSpeed are then ignored except the seed of paper fills). */
  readonly live?: LiveTickSource;
  /** The simulator's day plans made beforehand for these options (in a worker thread, off the event loop). */
  readonly simPlans?: readonly DayPlan[];
}

export interface AgentDeps {
  readonly simConfig: SimConfig;
  readonly rateCards: readonly CompiledRateCard[];
  readonly sink: EventSink;
  readonly book: BookReader;
  readonly control: ControlReader;
  /** Wall clock, for pacing and heartbeat age only (decisions use tick time). */
  readonly wallNow: () => number;
  readonly log: Logger;
  /** Records every processed tick; flushed every few seconds of wall time and at the end of the run. */
  readonly recorder?: TickRecorderFactory;
  readonly onTrade?: (trade: ClosedTradeRecord) => void;
  /** Typed events for SSE, webhooks and MCP: state changes, fills, trades, risk denials, alarms. */
  readonly events?: EventBus;
  /**
   * Called once when the run fails (storage failed, or the loop threw): the agent is then `failed` and
   * processes no more ticks. The service must end (crash-only; a restart resumes from the book): the CLI
   * passes a callback that exits. Without one the failure is only logged.
   */
  readonly onFatal?: (error: Error) => void;
  /** Live arming (the trader's bounded permission): checked at a live start, on every live loop turn and at resume; the kill switch ends it. */
  readonly liveArming?: { armed(): boolean; disarm(by: string, reason: string): boolean };
}

export interface AgentStatus {
  readonly state: AgentState;
  readonly mode: TradingMode | null;
  readonly feed: { readonly kind: 'simulator' | 'replay' | 'live'; readonly underlying: string; readonly speed: string; readonly connection: FeedConnection | null } | null;
  /** Wall milliseconds since the last processed tick (null before the first). */
  readonly heartbeatAgeMs: number | null;
  readonly simTime: number | null;
  readonly tradingState: string | null;
  readonly tradingDate: string | null;
  readonly paramsVersion: string | null;
  readonly preset: string | null;
  readonly position: {
    readonly tradeId: string;
    readonly side: string;
    readonly symbol: string;
    readonly qty: number;
    readonly avgEntry: string;
    readonly stop: string;
    readonly stage: string;
    readonly unrealisedNet: string;
    /** Rejected exit attempts so far; `exitStuck` once they reach EXIT_STUCK_ATTEMPTS (an alarm: the exit keeps being retried). */
    readonly exitAttempts: number;
    readonly exitStuck: boolean;
  } | null;
  readonly today: { readonly realisedNet: string; readonly netIncludingOpen: string; readonly trades: number };
  readonly risk: {
    readonly consecutiveLosses: number;
    readonly winStreak: number;
    readonly lossLimitHit: boolean;
    readonly cooldownUntil: number | null;
    readonly breakerUntil: number | null;
    readonly flipCooldownUntil: number | null;
    readonly dailyLossHeadroom: string;
  } | null;
  readonly queue: { readonly pending: number; readonly droppedNonTrade: number };
  /** The instruments the agent watches (underlying, the chosen CE and PE, the held option) and how old each one's last tick is. */
  readonly instruments: readonly InstrumentFreshness[];
  /** Entry locks in force. */
  readonly locks: readonly EntryLockRecord[];
  /** Why entries are paused, null when they are not. */
  readonly pausedReason: string | null;
  /** Alarms in force now. */
  readonly alarms: readonly AgentAlarm[];
  readonly currency: 'INR';
}

export interface AgentAlarm {
  readonly kind: 'positions' | 'live_arming' | 'exit_stuck' | 'feed';
  readonly message: string;
}

export interface InstrumentFreshness {
  readonly symbol: string;
  readonly role: 'underlying' | 'CE' | 'PE' | 'position';
  /** Tick time of its last tick, null when none has arrived in this run. */
  readonly lastTickTs: number | null;
  /** Feed milliseconds since its last tick: the newest tick's time on any instrument minus this one's (null when none). */
  readonly ageMs: number | null;
}

const CHUNK = 20_000;
/** The control state key of the mode the last run started in: the mode its open position was opened in. */
const MODE_KEY = 'agent.mode';
/** Wall milliseconds between recorder flushes: the most recording a crash can lose. */
const RECORDER_FLUSH_MS = 2_000;
/** How long a live loop waits for ticks before it looks at its stop flags again. */
const LIVE_WAIT_MS = 250;

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class AgentManager {
  private state: AgentState = 'stopped';
  private mode: TradingMode = 'paper';
  /** Alarms raised by the run that last until cleared (the position check agreeing again, live re-armed). */
  private readonly raised = new Map<'positions' | 'live_arming', string>();
  private session: PaperSession<Store> | null = null;
  private source: RunSource | null = null;
  private params: Params | null = null;
  private presetName: string | null = null;
  private speed = 1;
  private lastTickWall: number | null = null;
  private simTs: number | null = null;
  private stopRequested = false;
  private flattenOnStop = false;
  /** Why the running loop must end at once (storage failed); it then ends `failed`. */
  private failure: Error | null = null;
  private fatalReported = false;
  /** True while the loop feeds ticks (not while it commits the last events after the feed). */
  private feeding = false;
  private queueFull = false;
  private cursorKey = '';
  private stopAtTs = Infinity;
  private recorder: TickRecorderPort | null = null;
  private lockBook = new EntryLockBook();
  private readonly symbolIds = new Map<string, number>();
  /** Tick time of each instrument's last tick (NaN: none yet), indexed by instrument id. */
  private lastTickTs = new Float64Array(0);
  /** A start planning its simulated days (startPlanned): a stop aborts it; `settled` resolves once it has ended. */
  private planning: { readonly controller: AbortController; readonly settled: Promise<void> } | null = null;
  /** Resolves (never rejects) when the run loop has ended: the state then says how (stopped, finished or failed). */
  done: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AgentDeps) {}

  /** Starts trading: paper on the simulator, a replay or a live market; analyzer or live through a live market's venue (live only while armed). */
  start(o: AgentStartOptions): void {
    this.checkStart(o);
    const next = nextAgentState(this.state, 'start');
    // A replayed market's session applies unless the caller sets it (the backtester does the same).
    const marketSession = o.replay === undefined ? {} : sessionOverrides(o.replay);
    // A restart runs the version in force (governance restores it); otherwise the preset with its overrides.
    const params = o.params ?? withOverrides(presetParams(o.preset), { ...marketSession, ...o.overrides });
    if (o.replay === undefined && o.live === undefined && o.simPlans === undefined) this.deps.log.log('info', `planning ${o.days} simulated days from ${o.startDate} (seed ${o.seed}): the underlying's path of each day, no option ticks`);
    const source = o.live !== undefined ? liveRunSource(o.live) : createRunSource(this.deps.simConfig, this.deps.rateCards, o);
    const index = source.universe.instruments[source.underlying]!;
    // Only live orders are the LIVE book: OpenAlgo's analyzer is a sandbox, no money moves.
    const mapper = new BookMapper(source.universe, index, o.mode === 'live' ? 'LIVE' : 'PAPER');
    const sink = this.deps.sink;
    const onTrade = this.deps.onTrade;
    const store: Store = {
      append: (e: KernelEvent): void => {
        const item = mapper.map(e);
        sink.push(item);
        if (item.trade !== undefined) onTrade?.(item.trade);
        this.publishKernelEvent(e);
        // A live market streams the strikes the agent trades: a roll moves its subscriptions.
        if (e.kind === 'StrikesRolled') o.live?.watch?.([e.ce, e.pe]);
        if (e.kind === 'ExitStuck') {
          this.deps.log.log('error', 'exit stuck: the broker keeps rejecting the exit; it is still being retried', {
            tradeId: e.tradeId,
            symbol: e.symbol,
            qty: e.qty,
            attempts: e.attempts,
            reason: e.reason,
          });
        }
      },
    };
    const venue = o.live?.orders;
    const session = new PaperSession<Store>(params, source.world, store, venue?.broker);
    this.cursorKey = source.cursorKey;
    const plan = planRestore(this.deps.book, this.deps.control, this.cursorKey, index.utcOffsetMin, toKernelParams(params));
    // A position is managed by the broker that opened it: a paper position must not be exited by live
    // orders (that would open a real short), nor a live one by paper fills (that would leave it open).
    const openedIn = (this.deps.control.getState(MODE_KEY)?.value ?? 'paper') as TradingMode;
    const held = plan.kernel?.position ?? null;
    if (held !== null && openedIn !== o.mode) {
      throw new AgentCommandError('CONFLICT', `mode: the book holds trade ${held.tradeId}, opened in ${openedIn} mode; start in ${openedIn} mode to manage it to its exit (or close it there) before trading ${o.mode}`);
    }
    if (plan.kernel !== null) {
      const rp = plan.kernel.position;
      const entry = rp?.fills.find((f) => f.kind === 'ENTRY');
      if (entry !== undefined) mapper.seedEntry(entry);
      session.kernel.restore(plan.kernel);
      this.deps.log.log('info', 'restored from the book', {
        cursorTs: plan.cursorTs,
        date: plan.kernel.risk.date,
        realisedNet: plan.kernel.risk.realisedNet,
        openPosition: rp?.tradeId ?? null,
      });
    }
    this.lockBook = EntryLockBook.fromJson(this.deps.control.getState(ENTRY_LOCKS_KEY)?.value);
    session.kernel.setEntryLocks(this.lockBook.active(plan.cursorTs));
    this.lastTickTs = new Float64Array(source.universe.instruments.length).fill(Number.NaN);
    this.recorder = this.deps.recorder?.(source.universe, index.utcOffsetMin) ?? null;
    this.session = session;
    this.source = source;
    this.params = params;
    this.presetName = o.preset;
    this.mode = o.mode;
    // Alarms belong to the run that raised them.
    this.raised.clear();
    this.speed = o.simSpeed;
    this.stopAtTs = o.stopAtTs ?? Infinity;
    this.stopRequested = false;
    this.flattenOnStop = false;
    this.failure = null;
    this.fatalReported = false;
    this.state = next;
    this.deps.sink.setControl({ state: [{ key: MODE_KEY, value: o.mode }] });
    // A kill or a pause by the trader that was in force before the restart still holds.
    const restored = session.kernel.status();
    const watched = [restored.ce, restored.pe, restored.position?.symbol ?? null].filter((x): x is string => x !== null);
    if (watched.length > 0) o.live?.watch?.(watched);
    if (restored.tradingState === 'halted') this.state = nextAgentState(this.state, 'kill');
    else if (restored.pausedReason !== null) this.state = nextAgentState(this.state, 'pause');
    this.publishState('start');
    if (venue !== undefined) this.watchVenuePositions(venue, source.universe.instruments);
    this.done = this.run(plan.cursorTs);
  }

  /** Our position against the venue's position book: a confirmed difference pauses entries and raises alarm.positions; it is never "fixed". */
  private watchVenuePositions(venue: VenueOrders, instruments: readonly Instrument[]): void {
    const exchangeOf = new Map(instruments.map((i) => [i.symbol, i.exchange]));
    venue.watchPositions({
      ours: () => {
        const p = this.session?.kernel.status().position ?? null;
        return p === null ? [] : [{ symbol: p.symbol, exchange: exchangeOf.get(p.symbol) ?? '', qty: p.qty }];
      },
      onMismatch: (mismatches) => {
        this.deps.log.log('error', 'positions differ from the broker: entries paused; nothing is corrected by itself, the trader decides', { mismatches });
        this.deps.events?.publish('alarm.positions', { event: 'mismatch', mode: this.mode, mismatches: mismatches.map((m) => ({ ...m })) });
        this.raised.set('positions', `positions differ from the broker: ${mismatches.map((m) => `${m.symbol} ours ${m.ours}, broker ${m.broker}`).join('; ')}; nothing is corrected: check at the broker, then resume`);
        if (this.state === 'running') this.pause('positions differ from the broker (alarm.positions): the trader checks and resumes');
      },
      onAgreed: () => {
        this.raised.delete('positions');
        this.deps.events?.publish('alarm.positions', { event: 'agreed', mode: this.mode, mismatches: [] });
      },
    });
  }

  /** The checks a start makes before anything is built (throws AgentCommandError or a named input error). */
  private checkStart(o: AgentStartOptions): asserts o is AgentStartOptions & { readonly preset: PresetName } {
    const venue = o.live?.orders?.mode ?? null;
    if (o.mode === 'live' && this.deps.liveArming?.armed() !== true) throw new AgentCommandError('FORBIDDEN', 'mode: live trading is not armed; only the trader arms it, for a bounded time (POST /api/v1/engine/live/arm or `scalper arm-live arm --minutes N`)');
    if (o.mode !== 'paper' && venue !== o.mode) throw new AgentCommandError('INVALID_INPUT', `mode: ${o.mode} sends orders through OpenAlgo, and this market has ${venue === null ? 'no OpenAlgo broker (start the daemon with `scalper serve --feed openalgo`)' : `OpenAlgo's ${venue} broker`}`);
    if (o.mode === 'paper' && venue !== null) throw new AgentCommandError('INVALID_INPUT', `mode: paper fills on our paper broker, but this market sends orders to OpenAlgo's ${venue} broker`);
    nextAgentState(this.state, 'start');
    if (this.planning !== null) throw new AgentCommandError('CONFLICT', 'cannot start the agent: another start is planning its simulated days');
    if (!isPresetName(o.preset)) throw new AgentCommandError('INVALID_INPUT', `preset: unknown preset ${o.preset}`);
    if (o.replay === undefined && o.live === undefined) checkSimStart('startDate', o.preset.startsWith('sensex') ? 'SENSEX' : 'NIFTY', o.startDate, this.deps.simConfig, this.deps.rateCards);
  }

  /**
   * Starts on the simulator once `plan` has made the run's days off the event loop (a worker thread: 2–4 s
   * for 250 days). The start is checked first, so a bad start is refused before any planning. While it
   * plans the state stays as it was (stopped or finished) and every command and status is answered; a
   * stop meanwhile cancels the start (nothing is built or traded; this rejects with CONFLICT) and another
   * start is refused. `plan` giving undefined (options it cannot plan) leaves the planning to `start`,
   * whose checks name what is wrong. A rejection of `plan` (e.g. an AbortError) is passed on.
   */
  async startPlanned(o: AgentStartOptions, plan: (signal: AbortSignal) => Promise<readonly DayPlan[] | undefined>): Promise<void> {
    if (o.replay !== undefined || o.live !== undefined) throw new AgentCommandError('INVALID_INPUT', 'startPlanned plans the simulator: a replay or a live market is started with start');
    this.checkStart(o);
    const controller = new AbortController();
    let settle = (): void => undefined;
    this.planning = { controller, settled: new Promise<void>((resolve) => (settle = resolve)) };
    let plans: readonly DayPlan[] | undefined;
    try {
      plans = await plan(controller.signal);
    } catch (e) {
      if (!controller.signal.aborted) throw e;
    } finally {
      this.planning = null;
      settle();
    }
    if (controller.signal.aborted) throw new AgentCommandError('CONFLICT', 'the start was cancelled: a stop came while its simulated days were being planned; nothing was started');
    this.start({ ...o, ...(plans === undefined ? {} : { simPlans: plans }) });
  }

  /** Puts `params` in force from the next tick (between chunks: a tick boundary); the trades after it carry its version. */
  applyParams(params: Params, preset: string): void {
    const s = this.session;
    if (s === null) throw new AgentCommandError('CONFLICT', 'the engine has not been started: there are no parameters in force to change');
    s.kernel.applyParams(params, preset, this.simTs ?? 0);
    this.params = params;
    this.presetName = preset;
  }

  /** The parameter set in force (null before a start). */
  currentParams(): Params | null {
    return this.params;
  }

  /** No new entries; open positions keep their exits. Each command goes through the lifecycle table first and changes nothing when refused. */
  pause(reason = 'paused by the trader'): void {
    const next = nextAgentState(this.state, 'pause');
    this.session!.kernel.pauseEntries(this.simTs ?? 0, reason);
    this.state = next;
    this.saveTradingState();
    this.publishState('pause');
  }

  /** Clears a pause or a kill. A kill is cleared only by this explicit call. */
  resume(): void {
    const next = nextAgentState(this.state, 'resume');
    if (this.mode === 'live' && this.deps.liveArming?.armed() !== true) throw new AgentCommandError('FORBIDDEN', 'live arming is not in force: the trader arms live again before entries resume (the open position keeps its exits meanwhile)');
    const s = this.session!;
    s.kernel.resume(this.simTs ?? 0);
    this.raised.delete('live_arming');
    if (this.queueFull) s.kernel.pauseEntries(this.simTs ?? 0, 'event queue full');
    this.state = next;
    this.saveTradingState();
    this.publishState('resume');
  }

  /** Exits the open position now (reason force_exit); entries go on as before. False when flat. */
  forceExit(): boolean {
    const s = this.session;
    if (s === null || !loopRuns(this.state)) throw new AgentCommandError('CONFLICT', `cannot force an exit: the agent is ${this.state}`);
    if (s.kernel.status().position === null) return false;
    s.kernel.flatten(this.simTs ?? 0, 'force_exit');
    return true;
  }

  /** Kill switch: flatten, halt; survives restarts until a human resumes. */
  kill(): void {
    const next = nextAgentState(this.state, 'kill');
    this.session!.kernel.kill(this.simTs ?? 0);
    this.state = next;
    this.saveTradingState();
    this.publishState('kill');
    // The kill switch ends live arming: trading live again needs the trader to arm it again.
    if (this.deps.liveArming?.disarm('kill switch', 'kill switch') === true) this.deps.events?.publish('live.disarmed', { by: 'kill switch', reason: 'kill switch' });
  }

  /**
   * Stops the run loop, optionally flattening the open position first, and waits for every event to be
   * committed. Refused when no run is going; the state becomes `stopped` once the loop has ended. While a
   * start plans its days (startPlanned) a stop cancels that start instead and resolves once it has ended.
   */
  async stop(flatten: boolean): Promise<void> {
    const planning = this.planning;
    if (planning !== null && !loopRuns(this.state)) {
      // A start is planning its days: the stop cancels it, and the state stays as it was.
      this.deps.log.log('info', 'stop during planning: the start is cancelled, nothing was started');
      planning.controller.abort();
      await planning.settled;
      return;
    }
    nextAgentState(this.state, 'stop');
    this.flattenOnStop ||= flatten;
    this.stopRequested = true;
    await this.done;
  }

  /**
   * Storage failed (e.g. the writer thread could not commit): the loop processes no more ticks, ends
   * `failed` and reports through `onFatal`. Never throws (it is called from I/O callbacks).
   */
  fail(error: Error): void {
    if (loopRuns(this.state)) this.failure ??= error;
    else this.reportFatal(error);
  }

  status(): AgentStatus {
    const s = this.session;
    const k = s?.kernel.status();
    const risk = s?.kernel.riskSnapshot();
    const p = this.params === null ? null : toKernelParams(this.params);
    const open = k?.position ?? null;
    const realised = k?.realisedNet ?? 0;
    const withOpen = realised + (open?.unrealisedNet ?? 0);
    const until = (t: number | undefined): number | null => (t === undefined || this.simTs === null || t <= this.simTs ? null : t);
    return {
      state: this.state,
      mode: s === null ? null : this.mode,
      feed:
        this.source === null
          ? null
          : { kind: this.source.kind, underlying: this.source.label, speed: this.source.live !== undefined ? 'live' : Number.isFinite(this.speed) ? `${this.speed}x` : 'max', connection: this.source.live?.health() ?? null },
      heartbeatAgeMs: this.lastTickWall === null ? null : this.deps.wallNow() - this.lastTickWall,
      simTime: this.simTs,
      tradingState: k?.tradingState ?? null,
      // The kernel's date is '' until its first tick: no trading date yet.
      tradingDate: k === undefined || k.date === '' ? null : k.date,
      paramsVersion: k?.paramsVersion ?? null,
      preset: this.presetName,
      position:
        open === null
          ? null
          : {
              tradeId: open.tradeId,
              side: open.side,
              symbol: open.symbol,
              qty: open.qty,
              avgEntry: formatMajor(Math.round(open.avgEntry)),
              stop: formatMajor(open.stop),
              stage: open.stage,
              unrealisedNet: formatMajor(open.unrealisedNet),
              exitAttempts: open.exitAttempts,
              exitStuck: open.exitAttempts >= EXIT_STUCK_ATTEMPTS,
            },
      today: { realisedNet: formatMajor(realised), netIncludingOpen: formatMajor(withOpen), trades: k?.trades ?? 0 },
      risk:
        risk === undefined || p === null
          ? null
          : {
              consecutiveLosses: risk.consecutiveLosses,
              winStreak: risk.winStreak,
              lossLimitHit: risk.lossLimitHit,
              cooldownUntil: until(risk.cooldownUntil),
              breakerUntil: until(risk.breakerUntil),
              flipCooldownUntil: until(risk.flipCooldownUntil),
              dailyLossHeadroom: formatMajor(Math.max(0, p.dailyMaxLoss + withOpen)),
            },
      queue: { pending: this.deps.sink.pending, droppedNonTrade: this.deps.sink.droppedNonTrade },
      instruments: k === undefined ? [] : this.freshness(k.ce, k.pe, open?.symbol ?? null),
      locks: this.entryLocks(),
      pausedReason: k?.pausedReason ?? null,
      alarms: this.alarms(open?.exitAttempts ?? 0),
      currency: 'INR',
    };
  }

  private alarms(exitAttempts: number): AgentAlarm[] {
    const out: AgentAlarm[] = [...this.raised].map(([kind, message]) => ({ kind, message }));
    if (exitAttempts >= EXIT_STUCK_ATTEMPTS) out.push({ kind: 'exit_stuck', message: `the exit was rejected ${exitAttempts} times; it is still being retried: check the broker` });
    const c = this.source?.live?.health();
    if (c !== undefined && !c.connected) out.push({ kind: 'feed', message: `the live feed is ${c.state}${c.lastError === null ? '' : `: ${c.lastError}`}` });
    return out;
  }

  /** Forwards the kernel events a client cares about to the event bus (money in rupees, as on every surface). */
  private publishKernelEvent(e: KernelEvent): void {
    const bus = this.deps.events;
    if (bus === undefined) return;
    switch (e.kind) {
      case 'Entry':
      case 'Average':
      case 'PartialExit':
      case 'Exit':
        bus.publish('trade.fill', { kind: e.kind, tradeId: e.tradeId, symbol: e.symbol, action: e.action, qty: e.qty, price: formatMajor(e.price), charges: formatMajor(e.charges), reason: e.reason, ts: e.ts });
        return;
      case 'TradeClosed':
        bus.publish('trade.closed', { tradeId: e.trade.id, symbol: e.trade.symbol, side: e.trade.side, qty: e.trade.qty, netPnl: formatMajor(e.trade.netPnl), exitReason: e.trade.exitReason, ts: e.ts });
        return;
      case 'RiskDenied':
        bus.publish('risk.denied', { side: e.side, reason: e.reason, ts: e.ts });
        return;
      case 'TradingStateChanged':
        bus.publish('engine.trading_state', { tradingState: e.state, reason: e.reason, ts: e.ts });
        return;
      case 'ExitStuck':
        bus.publish('alarm.exit_stuck', { tradeId: e.tradeId, symbol: e.symbol, qty: e.qty, attempts: e.attempts, reason: e.reason, ts: e.ts });
        return;
      case 'OrderSubmitted':
      case 'OrderRejected':
      case 'ParamsApplied':
      case 'PresetSwitched':
      case 'StrikesRolled':
      case 'StopMoved':
        return;
    }
  }

  private publishState(command: string): void {
    this.deps.events?.publish('engine.state', { state: this.state, command });
  }

  /** Called by the event queue: entries pause while it is full and resume when it drains. */
  onQueuePressure(full: boolean): void {
    this.queueFull = full;
    const s = this.session;
    // Once the feed is over the kernel emits nothing more: the last events are being committed.
    if (s === null || !this.feeding) return;
    const ts = this.simTs ?? 0;
    if (full) {
      this.deps.log.log('warn', 'event queue full: entries paused until the writer catches up', { pending: this.deps.sink.pending });
      if (this.state === 'running') s.kernel.pauseEntries(ts, 'event queue full');
    } else if (this.state === 'running' && !s.kernel.status().lossLimitHit) {
      s.kernel.resume(ts);
    }
  }

  private reportFatal(error: Error): void {
    if (this.fatalReported) return;
    this.fatalReported = true;
    try {
      if (this.deps.onFatal === undefined) this.deps.log.log('error', 'the run failed', { error: error.message });
      else this.deps.onFatal(error);
    } catch (e) {
      this.deps.log.log('error', 'onFatal threw', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  private saveTradingState(): void {
    const s = this.session;
    if (s === null) return;
    // The trader's command is saved, not the derived state: a day's loss limit must not outlive its date.
    const command = this.state === 'killed' ? 'halted' : this.state === 'paused' ? 'reducing' : 'active';
    this.deps.sink.setControl({ state: [{ key: 'agent.tradingState', value: command }] });
    this.deps.sink.post(this.simTs ?? 0);
  }

  /** The run loop: feeds the ticks, then commits everything; the state it ends in is applied last, so the loop is alive exactly while the state says so. */
  private async run(cursorTs: number): Promise<void> {
    try {
      this.feeding = true;
      try {
        await this.feedTicks(cursorTs);
      } finally {
        this.feeding = false;
      }
      if (this.failure === null) {
        if (this.simTs !== null) this.checkpoint();
        await this.deps.sink.drain(this.simTs ?? 0);
        // A recording failure never fails the run: the trades are stored; the recorder has reported why.
        await this.recorder?.close().catch((e: unknown) => this.deps.log.log('error', 'tick recording incomplete', { error: e instanceof Error ? e.message : String(e) }));
      }
    } catch (e) {
      this.failure ??= e instanceof Error ? e : new Error(String(e));
    }
    const failure = this.failure;
    if (failure !== null) void this.recorder?.close().catch(() => undefined);
    const ending = failure !== null ? 'fail' : this.stopRequested ? 'stop' : 'finish';
    this.state = nextAgentState(this.state, ending);
    this.publishState(ending);
    if (failure !== null) this.reportFatal(failure);
  }

  private async feedTicks(cursorTs: number): Promise<void> {
    // Yield first, so start() returns with the restored state in place before any tick is processed.
    await yieldToEvents();
    const session = this.session!;
    // Tick time resumes at the cursor, so commands issued before the first new tick have a time.
    if (cursorTs > 0) this.simTs = cursorTs;
    const source = this.source!;
    const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    const recorder = this.recorder;
    let nextFlushWall = this.deps.wallNow() + RECORDER_FLUSH_MS;
    let flattened = false;
    // A stop with flatten keeps the feed running until the exit has filled (it needs a tick of its option).
    const keepGoing = (): boolean => {
      if (this.failure !== null) return false;
      if (!this.stopRequested) return true;
      if (!this.flattenOnStop || this.simTs === null) return false;
      if (!flattened) {
        flattened = true;
        session.kernel.flatten(this.simTs, 'stop');
      }
      return session.kernel.status().position !== null;
    };
    if (source.live !== undefined) return this.feedLive(source.live, keepGoing);
    // A restart seeks straight to the cursor's day: the days before it are never generated, so a restore
    // costs the same on day 200 as on day 2.
    const first = firstDayAfter(source, cursorTs);
    if (cursorTs > 0 && first < source.dayCount) {
      const what = source.kind === 'simulator' ? 'simulator' : `replay of ${source.label}`;
      this.deps.log.log('info', `restoring: seeking ${what} to day ${first + 1} of ${source.dayCount} (${source.dateOf(first)}); the ${first} days before it are skipped, not regenerated`, { cursorTs });
      await yieldToEvents();
    }
    for (let d = first; d < source.dayCount && keepGoing(); d++) {
      const cols = source.columnsForDay(d);
      let i = firstRowAfter(cols, cursorTs);
      if (i >= cols.length) continue;
      const wallStart = this.deps.wallNow();
      const simStart = cols.ts[i]!;
      while (i < cols.length && keepGoing()) {
        const target = Number.isFinite(this.speed) ? simStart + (this.deps.wallNow() - wallStart) * this.speed : Infinity;
        // A chunk never splits the ticks of one timestamp, so the cursor saved after it (its last tick time)
        // means "every tick at or before this time was processed", which is what a restart skips.
        let end = Math.min(cols.length, i + CHUNK);
        while (end < cols.length && cols.ts[end] === cols.ts[end - 1]) end++;
        const before = i;
        if (cols.ts[i]! > this.stopAtTs) this.stopRequested = true;
        while (i < end && cols.ts[i]! <= target && cols.ts[i]! <= this.stopAtTs) {
          readRow(cols, i, tick);
          if (tick.instrument >= this.lastTickTs.length) this.growTickTimes(tick.instrument);
          this.lastTickTs[tick.instrument] = tick.ts;
          recorder?.record(tick);
          session.step(tick);
          i++;
        }
        if (i > before) {
          this.simTs = cols.ts[i - 1]!;
          this.lastTickWall = this.deps.wallNow();
          this.checkpoint();
          if (recorder !== null && this.lastTickWall >= nextFlushWall) {
            nextFlushWall = this.lastTickWall + RECORDER_FLUSH_MS;
            // Not awaited: the recorder writes in order on its own; failures surface through its onError.
            void recorder.flush().catch(() => undefined);
          }
        }
        await new Promise((resolve) => (Number.isFinite(this.speed) ? setTimeout(resolve, 10) : setImmediate(resolve)));
      }
    }
  }

  /** A live market: each batch as it arrives, stepped in order; times never go back (a tick older than the last is stamped with the last). */
  private async feedLive(live: LiveTickSource, keepGoing: () => boolean): Promise<void> {
    const session = this.session!;
    const recorder = this.recorder;
    let nextFlushWall = this.deps.wallNow() + RECORDER_FLUSH_MS;
    try {
      while (keepGoing()) {
        const batch = await live.next(LIVE_WAIT_MS);
        if (batch === null) break;
        // A venue's fills arrive between ticks: booked (and committed) at once, not at the next tick.
        if (live.orders !== undefined && session.pump() > 0 && batch.length === 0 && this.simTs !== null) this.checkpoint();
        this.checkArming();
        for (const t of batch) {
          if (!keepGoing()) break;
          const tick = this.simTs !== null && t.ts < this.simTs ? { ...t, ts: this.simTs } : t;
          if (tick.instrument >= this.lastTickTs.length) this.growTickTimes(tick.instrument);
          this.lastTickTs[tick.instrument] = tick.ts;
          recorder?.record(tick);
          session.step(tick);
          this.simTs = tick.ts;
        }
        if (batch.length > 0) {
          this.lastTickWall = this.deps.wallNow();
          this.checkpoint();
          if (recorder !== null && this.lastTickWall >= nextFlushWall) {
            nextFlushWall = this.lastTickWall + RECORDER_FLUSH_MS;
            void recorder.flush().catch(() => undefined);
          }
        }
      }
    } finally {
      live.stop();
    }
  }

  /** Live only: arming that lapsed or was ended pauses entries (the open position keeps its exits). */
  private checkArming(): void {
    if (this.mode !== 'live' || this.state !== 'running' || this.deps.liveArming?.armed() === true) return;
    this.deps.log.log('warn', 'live arming ended: entries paused; the open position keeps its exits');
    this.raised.set('live_arming', 'live arming ended while trading live: entries are paused and the open position keeps its exits; the trader arms again and resumes');
    // A disarm through the API has published its own event; a lapse is said here.
    this.deps.events?.publish('live.disarmed', { by: 'clock or disarm', reason: 'live arming ended while trading live: entries paused' });
    this.pause('live arming ended (lapsed or disarmed): the trader arms again and resumes');
  }

  private freshness(ce: string | null, pe: string | null, held: string | null): InstrumentFreshness[] {
    const source = this.source!;
    const u = source.universe.instruments;
    if (this.symbolIds.size !== u.length) {
      this.symbolIds.clear();
      u.forEach((inst, id) => this.symbolIds.set(inst.symbol, id));
    }
    const rows: InstrumentFreshness[] = [];
    const add = (symbol: string | null, role: InstrumentFreshness['role']): void => {
      if (symbol === null || rows.some((r) => r.symbol === symbol)) return;
      const id = this.symbolIds.get(symbol);
      const last = id === undefined ? Number.NaN : (this.lastTickTs[id] ?? Number.NaN);
      rows.push({ symbol, role, lastTickTs: Number.isNaN(last) ? null : last, ageMs: Number.isNaN(last) || this.simTs === null ? null : Math.max(0, this.simTs - last) });
    };
    add(u[source.underlying]!.symbol, 'underlying');
    add(ce, 'CE');
    add(pe, 'PE');
    add(held, 'position');
    return rows;
  }

  private growTickTimes(instrument: number): void {
    const grown = new Float64Array(Math.max(instrument + 1, this.lastTickTs.length * 2)).fill(Number.NaN);
    grown.set(this.lastTickTs);
    this.lastTickTs = grown;
  }

  /** The run's source of ticks (its days, for a simulator or a replay); null before a start. */
  runSource(): RunSource | null {
    return this.source;
  }

  /** The feed's time now: the newest tick's time (or the restart cursor), the exchange's UTC offset and trading date; null before a start. */
  feedClock(): { readonly ts: number; readonly utcOffsetMin: number; readonly tradingDate: string | null; readonly underlying: string } | null {
    const s = this.session;
    const source = this.source;
    if (s === null || source === null) return null;
    const offset = source.universe.instruments[source.underlying]!.utcOffsetMin;
    // Before the first tick the feed's time is the start of its first trading date.
    const firstDate = source.dayCount > 0 ? source.dateOf(0) : null;
    const ts = this.simTs ?? (firstDate === null ? 0 : epochOfLocal(firstDate, 0, offset));
    const date = s.kernel.status().date;
    return { ts, utcOffsetMin: offset, tradingDate: date !== '' ? date : this.simTs !== null ? tradingDate(this.simTs, offset) : firstDate, underlying: source.label };
  }

  /** Entry locks in force now (expired ones are dropped). */
  entryLocks(): readonly EntryLockRecord[] {
    return this.lockBook.active(this.simTs ?? 0);
  }

  /** Adds an entry lock; it applies from the next tick and is saved, so it survives a restart. */
  addEntryLock(lock: Omit<EntryLockRecord, 'id' | 'createdTs'>): EntryLockRecord {
    if (this.session === null) throw new AgentCommandError('CONFLICT', 'the engine has not been started: locks apply to a run');
    const record = this.lockBook.add({ ...lock, createdTs: this.feedClock()!.ts });
    this.applyLocks();
    return record;
  }

  /** Removes entry lock `id`; false when no such lock is in force. */
  removeEntryLock(id: string): boolean {
    if (this.session === null) return false;
    this.lockBook.active(this.simTs ?? 0);
    const removed = this.lockBook.remove(id);
    if (removed) this.applyLocks();
    return removed;
  }

  private applyLocks(): void {
    this.session!.kernel.setEntryLocks(this.lockBook.active(this.simTs ?? 0));
    this.deps.sink.setControl({ state: [{ key: ENTRY_LOCKS_KEY, value: this.lockBook.toJson() }] });
    this.deps.sink.post(this.simTs ?? 0);
  }

  /** After each chunk: the day's risk, the open position's stop and the cursor go out with the batch. */
  private checkpoint(): void {
    const s = this.session!;
    const risk = s.kernel.riskSnapshot();
    const pos = s.kernel.positionSnapshot();
    const ts = this.simTs ?? 0;
    this.deps.sink.setControl({
      dailyRisk: { date: risk.date, json: JSON.stringify(risk) },
      positions: pos === null ? [] : [{ tradeId: pos.tradeId, json: JSON.stringify(pos) }],
      state: [{ key: this.cursorKey, value: String(ts) }],
    });
    this.deps.sink.post(ts);
  }
}
