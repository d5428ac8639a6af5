/** The simulated market of one underlying over a run of trading days: universe, chains and lazily generated ticks. */
import { dateToDayNumber } from '../../core/calendar/exchange-time.js';
import type { Universe } from '../../core/model/instrument.js';
import type { Tick } from '../../core/model/tick.js';
import type { DayChain } from './chain.js';
import { dayPath, generateDay } from './day-generator.js';
import { planDays, type DayPlan } from './day-plan.js';
import { depthFor } from './depth.js';
import { toMarketSpec, type MarketSpec } from './market-spec.js';
import { SIM_REGIME_NAMES, type SimRegimeName } from './regime.js';
import { Stream, deriveSeed } from './seeds.js';
import { contractCalendarOf, findUnderlying, type SimConfig } from './sim-config.js';
import { rowToTick, type TickColumns } from './tick-columns.js';
import { dayContract } from './trading-calendar.js';
import { buildUniverse } from './universe-builder.js';

export interface SimMarketOptions {
  /** Symbol of an underlying in the config, e.g. NIFTY or SENSEX. */
  readonly underlying: string;
  /** First calendar date, YYYY-MM-DD (a weekend or exchange-holiday start moves to the next trading day). */
  readonly startDate: string;
  /** Trading days to simulate; weekends and the exchange's holidays are skipped. */
  readonly days: number;
  /** 32-bit seed; the same seed and config give the same market. */
  readonly seed: number;
  /** Attach a five-level book to option ticks from `ticksForDay` and SimFeed (slower); off by default. */
  readonly depth?: boolean;
  /** Units per lot for every contract, instead of the lot size in force on each date (the contract table). */
  readonly lotSize?: number;
  /** The day plans `planSimDays` made for these same options (e.g. in a worker thread), instead of planning here. */
  readonly plans?: readonly DayPlan[];
}

/** A regime of the simulated underlying from `startTs` (epoch ms) until the next span. */
export interface RegimeSpanTs {
  readonly startTs: number;
  readonly regime: SimRegimeName;
}

export interface SimMarket {
  readonly universe: Universe;
  readonly underlying: string;
  readonly tradingDates: readonly string[];
  readonly indexInstrumentId: number;
  readonly depth: boolean;
  /** Epoch ms of the day's session open (inclusive) and close (exclusive: no tick at or after it). */
  session(dayIndex: number): { readonly openTs: number; readonly closeTs: number };
  chainForDay(dayIndex: number): DayChain;
  /** Fresh tick objects in ts order, regenerated identically on every iteration. */
  ticksForDay(dayIndex: number): Iterable<Tick>;
  /** The day's ticks as columns; the last day generated is cached and shared, so treat the arrays as read-only. */
  columnsForDay(dayIndex: number): TickColumns;
  /** The hidden regimes of the underlying that day (ground truth for analysing a regime detector). */
  regimesForDay(dayIndex: number): readonly RegimeSpanTs[];
}

function checkOptions(options: SimMarketOptions): void {
  dateToDayNumber(options.startDate);
  if (!Number.isInteger(options.days) || options.days < 1) throw new RangeError(`days must be a positive integer, got ${options.days}`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  if (options.lotSize !== undefined && (!Number.isInteger(options.lotSize) || options.lotSize < 1)) {
    throw new RangeError(`lotSize must be a positive integer, got ${options.lotSize}`);
  }
}

class SimMarketImpl implements SimMarket {
  readonly universe: Universe;
  readonly underlying: string;
  readonly tradingDates: readonly string[];
  readonly indexInstrumentId: number;
  readonly depth: boolean;
  private readonly spec: MarketSpec;
  private readonly plans: readonly DayPlan[];
  private readonly chains: readonly DayChain[];
  private readonly seed: number;
  private cachedDay = -1;
  private cached: TickColumns | undefined;

  constructor(config: SimConfig, options: SimMarketOptions) {
    checkOptions(options);
    this.spec = toMarketSpec(findUnderlying(config, options.underlying));
    this.underlying = this.spec.symbol;
    this.seed = options.seed >>> 0;
    this.depth = options.depth ?? false;
    const calendar = contractCalendarOf(config, options.underlying);
    this.tradingDates = calendar.days.dates(options.startDate, options.days);
    if (options.plans !== undefined) {
      const given = options.plans;
      if (given.length !== this.tradingDates.length || given.some((p, i) => p.date !== this.tradingDates[i])) throw new RangeError('plans: not the plans of these options (dates differ)');
      this.plans = given;
    } else {
      const contracts = this.tradingDates.map((date) => dayContract(calendar, date, options.lotSize));
      this.plans = planDays(this.spec, this.tradingDates, contracts, this.seed);
    }
    const built = buildUniverse(this.spec, this.plans);
    this.universe = built.universe;
    this.indexInstrumentId = built.indexId;
    this.chains = built.chains;
  }

  private plan(dayIndex: number): DayPlan {
    const plan = this.plans[dayIndex];
    if (plan === undefined) throw new RangeError(`day index ${dayIndex} outside 0..${this.plans.length - 1}`);
    return plan;
  }

  session(dayIndex: number): { readonly openTs: number; readonly closeTs: number } {
    const plan = this.plan(dayIndex);
    return { openTs: plan.openTs, closeTs: plan.closeTs };
  }

  chainForDay(dayIndex: number): DayChain {
    this.plan(dayIndex);
    const chain = this.chains[dayIndex];
    if (chain === undefined) throw new RangeError(`no chain for day ${dayIndex}`);
    return chain;
  }

  columnsForDay(dayIndex: number): TickColumns {
    if (this.cached !== undefined && this.cachedDay === dayIndex) return this.cached;
    const columns = generateDay(this.spec, this.plan(dayIndex), this.chainForDay(dayIndex), this.indexInstrumentId, this.seed);
    this.cached = columns;
    this.cachedDay = dayIndex;
    return columns;
  }

  ticksForDay(dayIndex: number): Iterable<Tick> {
    this.plan(dayIndex);
    return { [Symbol.iterator]: () => this.tickIterator(dayIndex) };
  }

  private *tickIterator(dayIndex: number): Generator<Tick> {
    const columns = this.columnsForDay(dayIndex);
    for (let i = 0; i < columns.length; i++) yield this.tickAt(dayIndex, columns, i);
  }

  /** Row `i` as a tick, with its depth when enabled. */
  private tickAt(dayIndex: number, columns: TickColumns, i: number): Tick {
    const tick = rowToTick(columns, i);
    if (!this.depth) return tick;
    const depth = depthFor(
      deriveSeed(this.seed, dayIndex, Stream.DEPTH, i),
      tick.bid,
      tick.ask,
      tick.bidQty,
      tick.askQty,
      this.spec.optionTick,
      this.plan(dayIndex).lotSize,
    );
    return depth === undefined ? tick : { ...tick, depth };
  }

  regimesForDay(dayIndex: number): readonly RegimeSpanTs[] {
    const plan = this.plan(dayIndex);
    return dayPath(plan).spans.map((s) => ({ startTs: plan.openTs + s.startMs, regime: SIM_REGIME_NAMES[s.regime] }));
  }
}

/** Builds the market: plans every day's path (for the opens that place each day's strikes), then the universe. */
/** Every day's plan for `options` (the expensive part of building a market: each day's underlying path); deterministic. */
export function planSimDays(config: SimConfig, options: Omit<SimMarketOptions, 'plans'>): DayPlan[] {
  checkOptions(options);
  const spec = toMarketSpec(findUnderlying(config, options.underlying));
  const calendar = contractCalendarOf(config, options.underlying);
  const dates = calendar.days.dates(options.startDate, options.days);
  return planDays(spec, dates, dates.map((date) => dayContract(calendar, date, options.lotSize)), options.seed >>> 0);
}

export function createSimMarket(config: SimConfig, options: SimMarketOptions): SimMarket {
  return new SimMarketImpl(config, options);
}
