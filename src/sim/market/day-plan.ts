/** The per-day skeleton of a run: dates, expiries, gaps, opens and closes, daily IV; closes come from the full path. */
import { epochOfLocal } from '../../core/calendar/exchange-time.js';
import { createRng, normal } from '../../core/rng.js';
import type { MarketSpec } from './market-spec.js';
import { Stream, deriveSeed } from './seeds.js';
import type { DayContract } from './trading-calendar.js';
import { OVERNIGHT_VARIANCE_SHARE, simulateDayPath, type PathSpec } from './underlying-path.js';
import { TRADING_DAYS_PER_YEAR } from './time-to-expiry.js';

/** Standard deviation of a session's whole-day drift (log-return), on top of the diffusion. */
const DAY_DRIFT_SD = 0.001;
/** Daily log-IV level: AR(1) persistence and stationary standard deviation. */
const IV_PERSISTENCE = 0.7;
const IV_DAY_SD = 0.08;
/** Underlying quote events per configured near-ATM option tick (ATM options requote on nearly every event). */
export const EVENTS_PER_OPTION_TICK = 0.85;

export interface DayPlan {
  readonly index: number;
  readonly date: string;
  readonly expiryDate: string;
  /** Whole sessions after today up to and including the expiry day (0 on expiry day; exchange holidays skipped). */
  readonly sessionsAfterToday: number;
  /** Lot size of the day's contracts. */
  readonly lotSize: number;
  readonly openTs: number;
  readonly closeTs: number;
  /** Unrounded index levels, minor units. */
  readonly open: number;
  readonly close: number;
  /** ATM implied volatility the day starts from. */
  readonly dayIv: number;
  readonly path: PathSpec;
  readonly pathSeed: number;
}

/** Plans every day in order: each open is the previous close moved by a small gap; `contracts[i]` is date i's contract. */
export function planDays(spec: MarketSpec, dates: readonly string[], contracts: readonly DayContract[], seed: number): DayPlan[] {
  const plans: DayPlan[] = [];
  let prevClose = spec.startPrice;
  let ivLevel = 0;
  const gapSd = spec.annualVolatility * Math.sqrt(OVERNIGHT_VARIANCE_SHARE / TRADING_DAYS_PER_YEAR);
  dates.forEach((date, index) => {
    const rng = createRng(deriveSeed(seed, index, Stream.DAY));
    const gap = gapSd * normal(rng);
    const dayDrift = DAY_DRIFT_SD * normal(rng);
    const ivShock = normal(rng);
    ivLevel = index === 0 ? IV_DAY_SD * ivShock : IV_PERSISTENCE * ivLevel + IV_DAY_SD * Math.sqrt(1 - IV_PERSISTENCE ** 2) * ivShock;
    const open = index === 0 ? spec.startPrice : prevClose * Math.exp(gap);
    const path: PathSpec = {
      open,
      sessionMs: spec.sessionMs,
      annualVolatility: spec.annualVolatility,
      eventsPerSecond: spec.optionTicksPerSecond * EVENTS_PER_OPTION_TICK,
      dayDrift,
    };
    const pathSeed = deriveSeed(seed, index, Stream.PATH);
    const close = simulateDayPath(pathSeed, path).close;
    const contract = contracts[index];
    if (contract === undefined) throw new RangeError(`no contract for ${date}`);
    plans.push({
      index,
      date,
      expiryDate: contract.expiryDate,
      sessionsAfterToday: contract.sessionsAfterToday,
      lotSize: contract.lotSize,
      openTs: epochOfLocal(date, spec.openMinute, spec.utcOffsetMin),
      closeTs: epochOfLocal(date, spec.closeMinute, spec.utcOffsetMin),
      open,
      close,
      dayIv: spec.impliedVolatility * Math.exp(ivLevel),
      path,
      pathSeed,
    });
    prevClose = close;
  });
  return plans;
}
