/** Where the offline tuner searches: the recorded days the gate will not test on, or else simulated days ending at the evidence's last date. */
import { dateToDayNumber, dayNumberToDate } from '../../../core/calendar/exchange-time.js';
import { tradingDaysOf } from '../../../core/calendar/holiday-calendar.js';
import { findUnderlying, type SimConfig } from '../../../sim/market/sim-config.js';
import { defaultUnderlying } from '../../defaults.js';

export interface SearchWindow {
  /** The dataset: the recordings directory or a sim: reference. */
  readonly data: string;
  readonly from?: string;
  readonly to?: string;
  readonly source: 'recordings' | 'simulator';
  /** One line for the run's record: what is searched and why there. */
  readonly note: string;
}

export interface SearchWindowOptions {
  /** Trading dates with a tick recording, ascending, and their directory. */
  readonly recordings: { readonly dir: string; readonly dates: readonly string[] };
  /** Governance's gateDays: the newest recorded days are left for the gate, which tests after the fit. */
  readonly gateDays: number;
  /** Trading dates to search. */
  readonly searchDays: number;
  /** The fewest dates a search needs (trainDays + testDays). */
  readonly need: number;
  /** The simulator the gate falls back to (its seed), the preset (its underlying), and the date the search ends on. */
  readonly sim: { readonly config: SimConfig; readonly seed: number; readonly preset: string; readonly endDate: string };
}

/**
 * Recordings when, leaving the newest `gateDays` of them to the gate, at least `need` remain: the newest
 * `searchDays` of those. Otherwise `searchDays` simulated trading days (the gate's seed and underlying)
 * ending on the last trading day on or before `endDate`; the gate then simulates the days after.
 */
export function searchWindow(o: SearchWindowOptions): SearchWindow {
  const usable = o.recordings.dates.slice(0, Math.max(0, o.recordings.dates.length - o.gateDays));
  if (usable.length >= o.need) {
    const chosen = usable.slice(-o.searchDays);
    const from = chosen[0]!;
    const to = chosen[chosen.length - 1]!;
    return { data: o.recordings.dir, from, to, source: 'recordings', note: `searching ${chosen.length} recorded dates ${from}..${to}; the newest ${o.gateDays} are left for the gate` };
  }
  const underlying = defaultUnderlying(o.sim.preset);
  const days = tradingDaysOf(o.sim.config.holidays, findUnderlying(o.sim.config, underlying).exchange);
  const last = days.onOrBefore(dateToDayNumber(o.sim.endDate));
  let day = last;
  for (let i = 1; i < o.searchDays; i++) day = days.onOrBefore(day - 1);
  const start = dayNumberToDate(day);
  const why = o.recordings.dates.length === 0 ? 'no recordings' : `${o.recordings.dates.length} recorded date(s), too few to search once the newest ${o.gateDays} are left for the gate`;
  return { data: `sim:${underlying}:${o.sim.seed}:${start}:${o.searchDays}`, source: 'simulator', note: `${why}: searching ${o.searchDays} simulated dates ${start}..${dayNumberToDate(last)} (seed ${o.sim.seed})` };
}
