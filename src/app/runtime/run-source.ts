/** Where a service run's ticks come from (the simulator or a replayed dataset), and how a restart seeks into them without regenerating the days before. */
import type { ReplayDataset } from '../../backtest/dataset.js';
import type { RunWorld } from '../../backtest/run-days.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import type { Universe } from '../../core/model/instrument.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import type { TickColumns } from '../../sim/market/tick-columns.js';
import { datasetWorld } from '../dataset-world.js';
import { createSimWorld } from '../sim-world.js';
import type { LiveTickSource } from './runtime-ports.js';
import type { DayPlan } from '../../sim/market/day-plan.js';

export interface RunSource {
  readonly label: string;
  readonly kind: 'simulator' | 'replay' | 'live';
  readonly universe: Universe;
  readonly underlying: number;
  readonly dayCount: number;
  /** Trading date of day `d`. */
  dateOf(d: number): string;
  /** Every tick of day `d` is before this time (the session close); known without generating the day. */
  dayEndTs(d: number): number;
  /** The day's ticks; for the simulator this generates them (the expensive step). */
  columnsForDay(d: number): TickColumns;
  readonly world: RunWorld;
  readonly cursorKey: string;
  /** The live market's ticks (kind live): no days to seek, ticks as they arrive. */
  readonly live?: LiveTickSource;
}

/** A live market as a run source: no day columns; its ticks come through `live`. */
export function liveRunSource(live: LiveTickSource): RunSource {
  const none = (): never => {
    throw new RangeError('a live market has no stored days');
  };
  return {
    label: live.label,
    kind: 'live',
    universe: live.world.universe,
    underlying: live.world.underlying,
    dayCount: 0,
    dateOf: none,
    dayEndTs: () => -Infinity,
    columnsForDay: none,
    world: live.world,
    cursorKey: live.cursorKey,
    live,
  };
}

export interface RunSourceOptions {
  readonly preset: string;
  readonly seed: number;
  readonly days: number;
  readonly startDate: string;
  readonly replay?: ReplayDataset;
  /** The simulator's day plans, made beforehand (see planSimDays). */
  readonly simPlans?: readonly DayPlan[];
}

/** Cursor key of a simulator run: a run is identified by its underlying, seed and start date. */
export function simCursorKey(underlying: string, seed: number, startDate: string): string {
  return `sim.cursor:${underlying}:${seed}:${startDate}`;
}

/** The service's paper fills: 100 ms of latency, a 25% chance of one adverse tick. */
export const SERVICE_FILL = { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 };
const FILL = SERVICE_FILL;

export function createRunSource(simConfig: SimConfig, rateCards: readonly CompiledRateCard[], o: RunSourceOptions): RunSource {
  if (o.replay !== undefined) {
    const d = o.replay;
    const { world } = datasetWorld(d, rateCards, { seed: o.seed, preset: o.preset, fill: FILL });
    return {
      label: d.name,
      kind: 'replay',
      universe: d.universe,
      underlying: d.underlying,
      dayCount: d.days.length,
      dateOf: (i) => d.dates[i]!,
      dayEndTs: (i) => {
        const cols = d.days[i]!;
        return cols.length === 0 ? -Infinity : cols.ts[cols.length - 1]! + 1;
      },
      columnsForDay: (i) => d.days[i]!,
      world,
      cursorKey: `replay.cursor:${d.dataHash}`,
    };
  }
  const underlying = o.preset.startsWith('sensex') ? 'SENSEX' : 'NIFTY';
  // Planning every day (the chain of opens and closes that places each day's strikes) simulates only the
  // underlying's path, never the option ticks; a day's ticks derive from (seed, its plan) alone.
  const { market, world } = createSimWorld(simConfig, rateCards, { underlying, startDate: o.startDate, days: o.days, seed: o.seed, preset: o.preset, fill: FILL, ...(o.simPlans === undefined ? {} : { plans: o.simPlans }) });
  return {
    label: underlying,
    kind: 'simulator',
    universe: market.universe,
    underlying: market.indexInstrumentId,
    dayCount: market.tradingDates.length,
    dateOf: (i) => market.tradingDates[i]!,
    dayEndTs: (i) => market.session(i).closeTs,
    columnsForDay: (i) => market.columnsForDay(i),
    world,
    cursorKey: simCursorKey(underlying, o.seed, o.startDate),
  };
}

/** The first day with a tick after `cursorTs`: every earlier day was fully processed before the restart (dayCount when none is left). */
export function firstDayAfter(source: RunSource, cursorTs: number): number {
  let d = 0;
  while (d < source.dayCount && source.dayEndTs(d) <= cursorTs) d++;
  return d;
}

/** The first row of `cols` whose time is after `cursorTs` (rows are in time order). */
export function firstRowAfter(cols: TickColumns, cursorTs: number): number {
  let lo = 0;
  let hi = cols.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cols.ts[mid]! <= cursorTs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
