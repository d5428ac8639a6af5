/** The agent manager: runs the kernel on a feed as a long-lived service, with start, pause, resume, stop, kill and status. */
import { PaperSession } from '../../backtest/run-days.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import type { ClosedTradeRecord } from '../../core/model/book-records.js';
import type { KernelEvent } from '../../core/model/events.js';
import { formatMajor } from '../../core/model/money.js';
import type { MutableTick } from '../../core/model/tick.js';
import { toKernelParams } from '../../core/params/kernel-params.js';
import { isPresetName, presetParams } from '../../core/params/presets.js';
import { withOverrides, type Params } from '../../core/params/schema.js';
import type { Logger, Store } from '../../core/ports.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { readRow } from '../../sim/market/tick-columns.js';
import { createSimWorld } from '../sim-world.js';
import { datasetWorld } from '../dataset-world.js';
import { sessionOverrides } from '../../backtest/run-dataset.js';
import type { ReplayDataset } from '../../backtest/dataset.js';
import type { RunWorld } from '../../backtest/run-days.js';
import type { Universe } from '../../core/model/instrument.js';
import type { TickColumns } from '../../sim/market/tick-columns.js';
import { BookMapper } from './book-mapping.js';
import { planRestore } from './restore-plan.js';
import type { BookReader, ControlReader, EventSink, TickRecorderFactory, TickRecorderPort } from './runtime-ports.js';

export type AgentState = 'stopped' | 'running' | 'paused' | 'killed' | 'finished';

export interface AgentStartOptions {
  readonly mode: 'paper' | 'live';
  readonly preset: string;
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly days: number;
  readonly startDate: string;
  /** Simulated milliseconds per wall millisecond; Infinity runs as fast as it can. */
  readonly simSpeed: number;
  /** Stop (without flattening) once the feed passes this tick time, e.g. to replay a session up to a moment. */
  readonly stopAtTs?: number;
  /** Replay a dataset instead of the simulator (seed, days and startDate are then ignored except the seed of paper fills). */
  readonly replay?: ReplayDataset;
}

/** Where the run's ticks come from: the simulator or a replayed dataset. */
interface RunSource {
  readonly label: string;
  readonly kind: 'simulator' | 'replay';
  readonly universe: Universe;
  readonly underlying: number;
  readonly dayCount: number;
  columnsForDay(d: number): TickColumns;
  readonly world: RunWorld;
  readonly cursorKey: string;
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
}

/** Thrown for a refused command (e.g. live mode not armed, already running). */
export class AgentCommandError extends Error {
  constructor(
    readonly code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID_INPUT',
    message: string,
  ) {
    super(message);
    this.name = 'AgentCommandError';
  }
}

export interface AgentStatus {
  readonly state: AgentState;
  readonly mode: 'paper' | null;
  readonly feed: { readonly kind: 'simulator' | 'replay'; readonly underlying: string; readonly speed: string } | null;
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
  readonly currency: 'INR';
}

const CHUNK = 20_000;
/** Wall milliseconds between recorder flushes: the most recording a crash can lose. */
const RECORDER_FLUSH_MS = 2_000;

/** Cursor key of a simulator run: a run is identified by its underlying, seed and start date. */
export function simCursorKey(underlying: string, seed: number, startDate: string): string {
  return `sim.cursor:${underlying}:${seed}:${startDate}`;
}

export class AgentManager {
  private state: AgentState = 'stopped';
  private session: PaperSession<Store> | null = null;
  private source: RunSource | null = null;
  private params: Params | null = null;
  private presetName: string | null = null;
  private speed = 1;
  private lastTickWall: number | null = null;
  private simTs: number | null = null;
  private stopRequested = false;
  private flattenOnStop = false;
  private queueFull = false;
  private cursorKey = '';
  private stopAtTs = Infinity;
  private recorder: TickRecorderPort | null = null;
  /** Resolves when the run loop has ended (feed finished or stopped). */
  done: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AgentDeps) {}

  /** Starts paper trading on the simulator; live mode stays refused until a human arms it (a later capability). */
  start(o: AgentStartOptions): void {
    if (o.mode === 'live') throw new AgentCommandError('FORBIDDEN', 'mode: live trading is not armed; only a human can arm it, and this build supports paper only');
    if (this.state === 'running' || this.state === 'paused') throw new AgentCommandError('CONFLICT', `the agent is already ${this.state}`);
    if (!isPresetName(o.preset)) throw new AgentCommandError('INVALID_INPUT', `preset: unknown preset ${o.preset}`);
    // A replayed market's session applies unless the caller sets it (the backtester does the same).
    const marketSession = o.replay === undefined ? {} : sessionOverrides(o.replay);
    const params = withOverrides(presetParams(o.preset), { ...marketSession, ...o.overrides });
    const source = this.source_(o);
    const index = source.universe.instruments[source.underlying]!;
    const mapper = new BookMapper(source.universe, index, 'PAPER');
    const sink = this.deps.sink;
    const onTrade = this.deps.onTrade;
    const store: Store = {
      append: (e: KernelEvent): void => {
        const item = mapper.map(e);
        sink.push(item);
        if (item.trade !== undefined) onTrade?.(item.trade);
      },
    };
    const session = new PaperSession<Store>(params, source.world, store);
    this.cursorKey = source.cursorKey;
    const plan = planRestore(this.deps.book, this.deps.control, this.cursorKey, index.utcOffsetMin, toKernelParams(params));
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
    this.recorder = this.deps.recorder?.(source.universe, index.utcOffsetMin) ?? null;
    this.session = session;
    this.source = source;
    this.params = params;
    this.presetName = o.preset;
    this.speed = o.simSpeed;
    this.stopAtTs = o.stopAtTs ?? Infinity;
    this.stopRequested = false;
    const restored = session.kernel.status();
    this.state = restored.tradingState === 'halted' ? 'killed' : restored.pausedReason !== null ? 'paused' : 'running';
    this.done = this.run(plan.cursorTs);
  }

  private source_(o: AgentStartOptions): RunSource {
    const fill = { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 };
    if (o.replay !== undefined) {
      const d = o.replay;
      const { world } = datasetWorld(d, this.deps.rateCards, { seed: o.seed, preset: o.preset, fill });
      return {
        label: d.name,
        kind: 'replay',
        universe: d.universe,
        underlying: d.underlying,
        dayCount: d.days.length,
        columnsForDay: (i) => d.days[i]!,
        world,
        cursorKey: `replay.cursor:${d.dataHash}`,
      };
    }
    const underlying = o.preset.startsWith('sensex') ? 'SENSEX' : 'NIFTY';
    const { market, world } = createSimWorld(this.deps.simConfig, this.deps.rateCards, {
      underlying,
      startDate: o.startDate,
      days: o.days,
      seed: o.seed,
      preset: o.preset,
      fill,
    });
    return {
      label: underlying,
      kind: 'simulator',
      universe: market.universe,
      underlying: market.indexInstrumentId,
      dayCount: market.tradingDates.length,
      columnsForDay: (i) => market.columnsForDay(i),
      world,
      cursorKey: simCursorKey(underlying, o.seed, o.startDate),
    };
  }

  pause(): void {
    const s = this.requireSession();
    if (this.state === 'killed') throw new AgentCommandError('CONFLICT', 'the agent is killed; resume it first');
    s.kernel.pauseEntries(this.simTs ?? 0, 'paused by the trader');
    this.state = 'paused';
    this.saveTradingState();
  }

  /** Clears a pause or a kill. A kill is cleared only by this explicit call. */
  resume(): void {
    const s = this.requireSession();
    s.kernel.resume(this.simTs ?? 0);
    if (this.queueFull) s.kernel.pauseEntries(this.simTs ?? 0, 'event queue full');
    this.state = 'running';
    this.saveTradingState();
  }

  /** Kill switch: flatten, halt; survives restarts until a human resumes. */
  kill(): void {
    const s = this.requireSession();
    s.kernel.kill(this.simTs ?? 0);
    this.state = 'killed';
    this.saveTradingState();
  }

  /** Stops the run loop, optionally flattening the open position first, and waits for every event to be committed. */
  async stop(flatten: boolean): Promise<void> {
    if (this.session === null) return;
    this.flattenOnStop = flatten;
    this.stopRequested = true;
    await this.done;
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
      mode: s === null ? null : 'paper',
      feed: this.source === null ? null : { kind: this.source.kind, underlying: this.source.label, speed: Number.isFinite(this.speed) ? `${this.speed}x` : 'max' },
      heartbeatAgeMs: this.lastTickWall === null ? null : this.deps.wallNow() - this.lastTickWall,
      simTime: this.simTs,
      tradingState: k?.tradingState ?? null,
      tradingDate: k?.date ?? null,
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
      currency: 'INR',
    };
  }

  /** Called by the event queue: entries pause while it is full and resume when it drains. */
  onQueuePressure(full: boolean): void {
    this.queueFull = full;
    const s = this.session;
    if (s === null) return;
    const ts = this.simTs ?? 0;
    if (full) {
      this.deps.log.log('warn', 'event queue full: entries paused until the writer catches up', { pending: this.deps.sink.pending });
      if (this.state === 'running') s.kernel.pauseEntries(ts, 'event queue full');
    } else if (this.state === 'running' && !s.kernel.status().lossLimitHit) {
      s.kernel.resume(ts);
    }
  }

  private requireSession(): PaperSession<Store> {
    if (this.session === null) throw new AgentCommandError('CONFLICT', 'the agent is not running');
    return this.session;
  }

  private saveTradingState(): void {
    const s = this.session;
    if (s === null) return;
    // The trader's command is saved, not the derived state: a day's loss limit must not outlive its date.
    const command = this.state === 'killed' ? 'halted' : this.state === 'paused' ? 'reducing' : 'active';
    this.deps.sink.setControl({ state: [{ key: 'agent.tradingState', value: command }] });
    this.deps.sink.post(this.simTs ?? 0);
  }

  private async run(cursorTs: number): Promise<void> {
    // Yield first, so start() returns with the restored state in place before any tick is processed.
    await new Promise((resolve) => setImmediate(resolve));
    const session = this.session!;
    // Tick time resumes at the cursor, so commands issued before the first new tick have a time.
    if (cursorTs > 0) this.simTs = cursorTs;
    const source = this.source!;
    const sink = this.deps.sink;
    const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    const recorder = this.recorder;
    let nextFlushWall = this.deps.wallNow() + RECORDER_FLUSH_MS;
    let flattened = false;
    // A stop with flatten keeps the feed running until the exit has filled (it needs a tick of its option).
    const keepGoing = (): boolean => {
      if (!this.stopRequested) return true;
      if (!this.flattenOnStop || this.simTs === null) return false;
      if (!flattened) {
        flattened = true;
        session.kernel.flatten(this.simTs, 'stop');
      }
      return session.kernel.status().position !== null;
    };
    for (let d = 0; d < source.dayCount && keepGoing(); d++) {
      const cols = source.columnsForDay(d);
      let i = 0;
      while (i < cols.length && cols.ts[i]! <= cursorTs) i++;
      if (i >= cols.length) continue;
      const wallStart = this.deps.wallNow();
      const simStart = cols.ts[i]!;
      while (i < cols.length && keepGoing()) {
        const target = Number.isFinite(this.speed) ? simStart + (this.deps.wallNow() - wallStart) * this.speed : Infinity;
        const end = Math.min(cols.length, i + CHUNK);
        const before = i;
        if (cols.ts[i]! > this.stopAtTs) this.stopRequested = true;
        while (i < end && cols.ts[i]! <= target && cols.ts[i]! <= this.stopAtTs) {
          readRow(cols, i, tick);
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
    this.state = this.stopRequested ? 'stopped' : 'finished';
    if (this.simTs !== null) this.checkpoint();
    await sink.drain(this.simTs ?? 0);
    // A recording failure never fails the run: the trades are stored; the recorder has reported why.
    await recorder?.close().catch((e: unknown) => this.deps.log.log('error', 'tick recording incomplete', { message: e instanceof Error ? e.message : String(e) }));
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
