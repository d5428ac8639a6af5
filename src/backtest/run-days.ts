/** Runs the kernel over a stream of ticks with the paper broker and an in-memory event log: trades, events, metrics. */
import { createKernel, type ChargesFn, type Kernel, type StrikeSource } from '../core/kernel.js';
import type { ClosedTrade, KernelEvent } from '../core/model/events.js';
import type { OrderReport } from '../core/model/fill.js';
import type { Universe } from '../core/model/instrument.js';
import type { MutableTick, Tick } from '../core/model/tick.js';
import type { Params } from '../core/params/schema.js';
import type { Broker, Store } from '../core/ports.js';
import { createRng } from '../core/rng.js';
import { tradeMetrics, type TradeMetrics } from '../analytics/trade-metrics.js';
import { PaperBroker, type PaperFillConfig } from '../sim/broker/paper-broker.js';
import type { TickColumns } from '../sim/market/tick-columns.js';

/** The simulated world a run trades in: instruments, chain, charges, fill model and seed. */
export interface RunWorld {
  readonly universe: Universe;
  readonly underlying: number;
  readonly strikes: StrikeSource;
  readonly charges: ChargesFn;
  readonly fill: PaperFillConfig;
  /** Seed of the paper broker's slippage draws. */
  readonly seed: number;
  readonly preset: string;
  /** The exchange calendar by day number, when known: the kernel opens no entry window on a holiday. */
  readonly isTradingDay?: (day: number) => boolean;
}

export interface RunResult {
  readonly trades: readonly ClosedTrade[];
  readonly events: readonly KernelEvent[];
  readonly metrics: TradeMetrics;
  readonly ticks: number;
}

/** In-memory Store: keeps every event and the closed trades. */
export class MemoryStore implements Store {
  readonly events: KernelEvent[] = [];
  readonly trades: ClosedTrade[] = [];
  append(event: KernelEvent): void {
    this.events.push(event);
    if (event.kind === 'TradeClosed') this.trades.push(event.trade);
  }
}

/** A broker the session drives: it sees each tick first (a paper broker fills on it; a venue's broker ignores it). */
export interface SessionBroker extends Broker {
  onTick(tick: Tick): void;
}

/**
 * A kernel wired to a paper broker (or to `broker`, a venue's: OpenAlgo in analyzer or live mode); `step`
 * is the per-tick loop body shared by every driver (backtests and the running service), so both trade
 * identically. Events go to `store` (in memory by default).
 */
export class PaperSession<S extends Store = MemoryStore> {
  readonly store: S;
  readonly broker: SessionBroker;
  readonly kernel: Kernel;
  ticks = 0;
  private readonly deliver = (report: OrderReport): void => this.kernel.onOrderReport(report);

  constructor(params: Params, world: RunWorld, store?: S, broker?: SessionBroker) {
    this.store = store ?? (new MemoryStore() as unknown as S);
    this.broker = broker ?? new PaperBroker(world.universe, world.fill, createRng(world.seed));
    this.kernel = createKernel({
      universe: world.universe,
      underlying: world.underlying,
      strikes: world.strikes,
      broker: this.broker,
      store: this.store,
      charges: world.charges,
      params,
      preset: world.preset,
      ...(world.isTradingDay === undefined ? {} : { isTradingDay: world.isTradingDay }),
    });
  }

  /** The broker sees the tick first (pending orders fill on it), then the kernel decides, then new reports flow back. */
  step(tick: Tick): void {
    this.ticks++;
    this.broker.onTick(tick);
    this.broker.drainReports(this.deliver);
    this.kernel.onTick(tick);
    this.broker.drainReports(this.deliver);
  }

  /** Between ticks: the reports a venue's broker received since the last tick reach the kernel now; returns how many. */
  pump(): number {
    return this.broker.drainReports(this.deliver);
  }
}

/** The result of a run whose events went to memory. */
export function resultOf(session: PaperSession): RunResult {
  const store = session.store;
  return { trades: store.trades, events: store.events, metrics: tradeMetrics(store.trades), ticks: session.ticks };
}

/** Runs the kernel over ticks (one or many days, in ts order). */
export function runDays(params: Params, ticks: Iterable<Tick>, world: RunWorld): RunResult {
  const session = new PaperSession(params, world);
  for (const tick of ticks) session.step(tick);
  return resultOf(session);
}

/** Same as runDays over columnar ticks, reusing one tick object (no allocation per tick). */
export function runColumns(params: Params, days: Iterable<TickColumns>, world: RunWorld): RunResult {
  const session = new PaperSession(params, world);
  const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
  for (const c of days) {
    for (let i = 0; i < c.length; i++) {
      tick.ts = c.ts[i]!;
      tick.instrument = c.instrument[i]!;
      tick.ltp = c.ltp[i]!;
      tick.bid = c.bid[i]!;
      tick.ask = c.ask[i]!;
      tick.bidQty = c.bidQty[i]!;
      tick.askQty = c.askQty[i]!;
      session.step(tick);
    }
  }
  return resultOf(session);
}
