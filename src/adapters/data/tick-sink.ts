/** Collects ticks in time order into growable columns, then orders equal times by instrument and splits them into exchange-local dates (views of the columns, no copy). */
import { dayNumberToDate } from '../../core/calendar/exchange-time.js';
import type { TickColumns } from '../../sim/market/tick-columns.js';

const MS_PER_DAY = 86_400_000;

export interface DatedDays {
  /** Ascending YYYY-MM-DD; `days[i]` holds the ticks of `dates[i]`. */
  readonly dates: string[];
  readonly days: TickColumns[];
}

type Key = 'ts' | 'instrument' | 'ltp' | 'bid' | 'ask' | 'bidQty' | 'askQty';

/** Storage a sink can write over: one array per column, all of one length. */
export type SinkColumns = Omit<TickColumns, 'length'>;

export class TickSink {
  n = 0;
  ts: Float64Array;
  instrument: Int32Array;
  ltp: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  bidQty: Float64Array;
  askQty: Float64Array;

  /**
   * A sink of `capacity` rows in fresh arrays, or over `storage` (rows the caller is reading as it
   * pushes, row k never pushed before row k was read: a file's parsed rows become its ticks in place).
   */
  constructor(capacity: number, storage?: SinkColumns) {
    const cap = Math.max(16, capacity);
    const f64 = (): Float64Array => new Float64Array(cap);
    const s = storage ?? { ts: f64(), instrument: new Int32Array(cap), ltp: f64(), bid: f64(), ask: f64(), bidQty: f64(), askQty: f64() };
    this.ts = s.ts;
    this.instrument = s.instrument;
    this.ltp = s.ltp;
    this.bid = s.bid;
    this.ask = s.ask;
    this.bidQty = s.bidQty;
    this.askQty = s.askQty;
  }

  /** Callers push in non-decreasing `ts`; equal times may come in any instrument order. */
  push(ts: number, instrument: number, ltp: number, bid: number, ask: number, bidQty: number, askQty: number): void {
    const i = this.n;
    if (i === this.ts.length) this.grow();
    this.ts[i] = ts;
    this.instrument[i] = instrument;
    this.ltp[i] = ltp;
    this.bid[i] = bid;
    this.ask[i] = ask;
    this.bidQty[i] = bidQty;
    this.askQty[i] = askQty;
    this.n = i + 1;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const widen = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.ts = widen(this.ts, (n) => new Float64Array(n));
    this.instrument = widen(this.instrument, (n) => new Int32Array(n));
    this.ltp = widen(this.ltp, (n) => new Float64Array(n));
    this.bid = widen(this.bid, (n) => new Float64Array(n));
    this.ask = widen(this.ask, (n) => new Float64Array(n));
    this.bidQty = widen(this.bidQty, (n) => new Float64Array(n));
    this.askQty = widen(this.askQty, (n) => new Float64Array(n));
  }

  /** Reorders rows [from, to) by the permutation `order` (indices into that range). */
  private permute(from: number, order: readonly number[]): void {
    for (const key of ['ts', 'instrument', 'ltp', 'bid', 'ask', 'bidQty', 'askQty'] as const satisfies readonly Key[]) {
      const col = this[key];
      const copy = col.slice(from, from + order.length);
      for (let k = 0; k < order.length; k++) col[from + k] = copy[order[k]! - from]!;
    }
  }

  /** Stable sort by (ts, instrument): a full sort only if some time went backwards, else only within runs of equal time. */
  private sort(): void {
    const { ts, instrument } = this;
    const n = this.n;
    let ordered = true;
    for (let i = 1; i < n && ordered; i++) if (ts[i]! < ts[i - 1]!) ordered = false;
    if (!ordered) {
      const order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => ts[a]! - ts[b]! || instrument[a]! - instrument[b]!);
      this.permute(0, order);
      return;
    }
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i < n && ts[i] === ts[start]) continue;
      if (i - start > 1) {
        let sorted = true;
        for (let k = start + 1; k < i; k++) if (instrument[k]! < instrument[k - 1]!) sorted = false;
        if (!sorted) {
          const order = Array.from({ length: i - start }, (_, k) => start + k);
          order.sort((a, b) => instrument[a]! - instrument[b]!);
          this.permute(start, order);
        }
      }
      start = i;
    }
  }

  /**
   * The ticks sorted by (ts, instrument), one TickColumns per exchange-local date. The days are views of
   * the sink's arrays, unless fewer than half its rows were filled: then each gets arrays of its own, so
   * a mostly filtered file does not keep its dropped rows in memory.
   */
  finish(utcOffsetMin: number): DatedDays {
    this.sort();
    const part = this.n * 2 >= this.ts.length ? 'subarray' : 'slice';
    const out: DatedDays = { dates: [], days: [] };
    const offsetMs = utcOffsetMin * 60_000;
    const n = this.n;
    let start = 0;
    while (start < n) {
      const day = Math.floor((this.ts[start]! + offsetMs) / MS_PER_DAY);
      const endTs = (day + 1) * MS_PER_DAY - offsetMs;
      let end = start + 1;
      while (end < n && this.ts[end]! < endTs) end++;
      out.dates.push(dayNumberToDate(day));
      out.days.push({
        length: end - start,
        ts: this.ts[part](start, end),
        instrument: this.instrument[part](start, end),
        ltp: this.ltp[part](start, end),
        bid: this.bid[part](start, end),
        ask: this.ask[part](start, end),
        bidQty: this.bidQty[part](start, end),
        askQty: this.askQty[part](start, end),
      });
      start = end;
    }
    return out;
  }
}
