/** Builds a simulated world (market, chain lookup, charges, fill model) for runs on the built-in simulator. */
import { tradingDate } from '../core/calendar/exchange-time.js';
import type { CompiledRateCard } from '../core/charges/rate-card.js';
import type { OptionChain, StrikeSource } from '../core/kernel.js';
import type { RunWorld } from '../backtest/run-days.js';
import type { PaperFillConfig } from '../sim/broker/paper-broker.js';
import { createSimMarket, type SimMarket } from '../sim/market/sim-market.js';
import type { DayPlan } from '../sim/market/day-plan.js';
import { contractCalendarOf, type SimConfig } from '../sim/market/sim-config.js';
import { chargesFromCards } from './charges-wiring.js';

export interface SimWorldOptions {
  readonly underlying: string;
  readonly startDate: string;
  readonly days: number;
  readonly seed: number;
  readonly preset: string;
  readonly fill: PaperFillConfig;
  readonly rateCardId?: string;
  /** Units per lot for every contract instead of the contract table's lot on each date. */
  readonly lotSize?: number;
  /** The day plans made beforehand for these options (planSimDays), instead of planning here. */
  readonly plans?: readonly DayPlan[];
}

/** A strike source over chains keyed by exchange trading date (YYYY-MM-DD); dates without a chain have none. */
export function dateKeyedStrikeSource(byDate: ReadonlyMap<string, OptionChain>, utcOffsetMin: number): StrikeSource {
  let lastBucket = Number.NaN;
  let last: OptionChain | undefined;
  return {
    chainAt(ts: number): OptionChain | undefined {
      // Index ticks arrive about once a second: recompute the date once per quarter hour (UTC offsets are whole quarters).
      const bucket = Math.floor(ts / 900_000);
      if (bucket !== lastBucket) {
        lastBucket = bucket;
        last = byDate.get(tradingDate(ts, utcOffsetMin));
      }
      return last;
    },
  };
}

/** The simulator's chain of the tick's trading date. */
export function simStrikeSource(market: SimMarket): StrikeSource {
  const offset = market.universe.instruments[market.indexInstrumentId]!.utcOffsetMin;
  return dateKeyedStrikeSource(new Map(market.tradingDates.map((d, i) => [d, market.chainForDay(i)])), offset);
}

export function createSimWorld(
  config: SimConfig,
  cards: readonly CompiledRateCard[],
  o: SimWorldOptions,
): { market: SimMarket; world: RunWorld } {
  const market = createSimMarket(config, {
    underlying: o.underlying,
    startDate: o.startDate,
    days: o.days,
    seed: o.seed,
    ...(o.lotSize === undefined ? {} : { lotSize: o.lotSize }),
    ...(o.plans === undefined ? {} : { plans: o.plans }),
  });
  const days = contractCalendarOf(config, o.underlying).days;
  const world: RunWorld = {
    universe: market.universe,
    underlying: market.indexInstrumentId,
    strikes: simStrikeSource(market),
    charges: chargesFromCards(cards, o.rateCardId),
    fill: o.fill,
    seed: o.seed,
    preset: o.preset,
    isTradingDay: (day) => days.isTradingDay(day),
  };
  return { market, world };
}
