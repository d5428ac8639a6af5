/** The kernel's ports: the only ways it touches time, randomness, venues, feeds, storage and logs. */
import type { KernelEvent } from './model/events.js';
import type { OrderReport } from './model/fill.js';
import type { OrderAction, OrderPurpose } from './model/order.js';
import type { Tick } from './model/tick.js';
import type { Universe } from './model/instrument.js';

/**
 * Time source. `now()` returns epoch ms and never goes backwards.
 * The kernel itself decides by tick time; clocks drive heartbeats and timers around it.
 */
export interface Clock {
  now(): number;
}

/**
 * Seeded randomness. `next()` returns a float in [0, 1); the same seed yields the same sequence.
 * Only simulated components (paper fills, market simulator) draw from it.
 */
export interface Rng {
  next(): number;
}

/** An order the kernel asks a broker to execute (market orders only). */
export interface SubmitOrder {
  readonly orderId: string;
  readonly instrument: number;
  readonly action: OrderAction;
  /** Why the kernel sends it: a live broker sends exits in a lane of their own, ahead of entries. */
  readonly purpose: OrderPurpose;
  readonly qty: number;
  /** Tick time of the decision. */
  readonly ts: number;
}

/**
 * Executes orders. `submit` never throws for a refusal and never calls back synchronously:
 * acknowledgements, rejections, fills and venue cancellations are queued and handed over by `drainReports`,
 * which the driving loop calls between ticks, so the kernel never re-enters itself.
 * Order ids are idempotent: submitting an id twice is an error.
 */
export interface Broker {
  submit(order: SubmitOrder): void;
  /** Moves queued reports into `sink` in the order they happened; returns how many. */
  drainReports(sink: (report: OrderReport) => void): number;
}

/** Receives ticks from a feed. */
export interface TickSink {
  onTick(tick: Tick): void;
}

/**
 * A source of ticks in non-decreasing `ts` order for the instruments of its universe.
 * `start` delivers ticks to the sink until the feed ends or `stop` is called (stop is idempotent).
 */
export interface MarketFeed {
  readonly universe: Universe;
  start(sink: TickSink): void;
  stop(): void;
}

/** Append-only sink for kernel events. `append` must not throw for a valid event and must not block. */
export interface Store {
  append(event: KernelEvent): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logs. Never stdout in the MCP stdio server. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}
