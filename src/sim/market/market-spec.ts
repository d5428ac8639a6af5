/** An underlying's config converted once to what the simulator computes with: minor units and session minutes (lot size and expiry are per date: see trading-calendar.ts). */
import { parseHhMm } from '../../core/calendar/exchange-time.js';
import { toMinor } from '../../core/model/money.js';
import type { UnderlyingConfig } from './sim-config.js';

export interface MarketSpec {
  readonly symbol: string;
  readonly exchange: string;
  readonly optionExchange: string;
  readonly utcOffsetMin: number;
  /** Minor units. */
  readonly indexTick: number;
  readonly optionTick: number;
  readonly strikeStep: number;
  readonly startPrice: number;
  readonly openMinute: number;
  readonly closeMinute: number;
  readonly sessionMs: number;
  readonly annualVolatility: number;
  readonly impliedVolatility: number;
  readonly riskFreeRate: number;
  readonly strikesEachSide: number;
  readonly typicalSpreadTicks: number;
  readonly indexTicksPerSecond: number;
  readonly optionTicksPerSecond: number;
}

export function toMarketSpec(u: UnderlyingConfig): MarketSpec {
  const openMinute = parseHhMm(u.session.open);
  const closeMinute = parseHhMm(u.session.close);
  return {
    symbol: u.symbol,
    exchange: u.exchange,
    optionExchange: u.optionExchange,
    utcOffsetMin: u.utcOffsetMin,
    indexTick: toMinor(u.indexTickSize),
    optionTick: toMinor(u.optionTickSize),
    strikeStep: toMinor(u.strikeStep),
    startPrice: toMinor(u.sim.startPrice),
    openMinute,
    closeMinute,
    sessionMs: (closeMinute - openMinute) * 60_000,
    annualVolatility: u.sim.annualVolatility,
    impliedVolatility: u.sim.impliedVolatility,
    riskFreeRate: u.sim.riskFreeRate,
    strikesEachSide: u.sim.strikesEachSide,
    typicalSpreadTicks: u.sim.typicalSpreadTicks,
    indexTicksPerSecond: u.sim.indexTicksPerSecond,
    optionTicksPerSecond: u.sim.optionTicksPerSecond,
  };
}
