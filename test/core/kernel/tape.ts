/** A tick tape for kernel tests: feeds ticks at a steady clock and remembers each instrument's last price. */
import type { PaperSession, RunWorld } from '../../../src/backtest/run-days.js';
import type { ClosedTrade, OrderSubmittedEvent, RiskDeniedEvent, TradeFillEvent } from '../../../src/core/model/events.js';
import type { Tick } from '../../../src/core/model/tick.js';
import type { Params } from '../../../src/core/params/schema.js';
import { INDEX, at, tick } from '../../fixtures/mini-market.js';
import { session } from './harness.js';

/** Quote fields a test may override on a tick; `spread` sets bid = ltp − spread (ask = ltp). */
export type Quote = Partial<Pick<Tick, 'bid' | 'ask' | 'bidQty' | 'askQty'>> & { readonly spread?: number };

export class Tape {
  /** Time of the last tick fed (epoch ms). */
  ts: number;
  private readonly last = new Map<number, number>();

  constructor(
    readonly s: PaperSession,
    t0: number,
    readonly dt = 100,
  ) {
    this.ts = t0 - dt;
  }

  /** Feeds one tick `dt` after the previous one; the quote is one tick wide (bid = ltp − 5, ask = ltp) unless overridden. */
  tick(instrument: number, ltp: number, quote: Quote = {}): this {
    this.ts += this.dt;
    const { spread, ...fields } = quote;
    this.s.step({ ...tick(this.ts, instrument, ltp, spread), ...fields });
    this.last.set(instrument, ltp);
    return this;
  }

  /** Moves the clock so the next tick lands exactly at `ts`. */
  at(ts: number): this {
    this.ts = ts - this.dt;
    return this;
  }

  /** Lets `ms` pass with no tick. */
  wait(ms: number): this {
    this.ts += ms;
    return this;
  }

  price(instrument: number): number {
    const p = this.last.get(instrument);
    if (p === undefined) throw new Error(`no tick yet for instrument ${instrument}`);
    return p;
  }

  /** `n` ticks, each `step` above the previous price. */
  up(instrument: number, n: number, step = 5, quote: Quote = {}): this {
    for (let i = 0; i < n; i++) this.tick(instrument, this.price(instrument) + step, quote);
    return this;
  }

  /** `n` ticks, each `step` below the previous price. */
  down(instrument: number, n: number, step = 5, quote: Quote = {}): this {
    for (let i = 0; i < n; i++) this.tick(instrument, this.price(instrument) - step, quote);
    return this;
  }

  /** Ticks alternating `step` up and down: directional ticks that never build a streak of two. */
  chop(instrument: number, n: number, step = 5): this {
    for (let i = 0; i < n; i++) this.tick(instrument, this.price(instrument) + (i % 2 === 0 ? step : -step));
    return this;
  }
}

/** A session on the mini market with the index ticked once at `t0` (which selects the strikes). */
export function open(overrides: Partial<Params> = {}, t0 = at('10:00'), w: Partial<RunWorld> = {}): Tape {
  const tape = new Tape(session(overrides, w), t0);
  return tape.tick(INDEX, 2_600_000);
}

/** Feeds up-ticks one at a time (at most `max`); returns the streak length at which an entry filled, or 0 if none did. */
export function upUntilEntry(tape: Tape, instrument: number, max = 12, step = 5, quote: Quote = {}): number {
  const before = entries(tape).length;
  for (let i = 1; i <= max; i++) {
    tape.up(instrument, 1, step, quote);
    if (entries(tape).length > before) return i;
  }
  return 0;
}

export function entries(tape: Tape): TradeFillEvent[] {
  return tape.s.store.events.filter((e): e is TradeFillEvent => e.kind === 'Entry');
}

export function orders(tape: Tape): OrderSubmittedEvent[] {
  return tape.s.store.events.filter((e): e is OrderSubmittedEvent => e.kind === 'OrderSubmitted');
}

export function averages(tape: Tape): TradeFillEvent[] {
  return tape.s.store.events.filter((e): e is TradeFillEvent => e.kind === 'Average');
}

export function denials(tape: Tape): RiskDeniedEvent[] {
  return tape.s.store.events.filter((e): e is RiskDeniedEvent => e.kind === 'RiskDenied');
}

export function trades(tape: Tape): readonly ClosedTrade[] {
  return tape.s.store.trades;
}

/** The open position's side and quantity, or null when flat. */
export function held(tape: Tape): { side: string; qty: number; stop: number; avgEntry: number } | null {
  const pos = tape.s.kernel.status().position;
  return pos === null ? null : { side: pos.side, qty: pos.qty, stop: pos.stop, avgEntry: pos.avgEntry };
}
