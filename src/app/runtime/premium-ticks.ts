/** The ticks of one option around a trade, looked up where the product keeps them: the run's own source (a replay holds its days; the simulator regenerates a day from its seed) or the tick recordings. */
import type { Universe } from '../../core/model/instrument.js';
import type { TickColumns } from '../../sim/market/tick-columns.js';
import type { RunSource } from './run-source.js';

/** An option's ticks in time order: times (epoch ms) and last prices (minor units), and where they came from. */
export interface PremiumSeries {
  readonly source: string;
  readonly ts: readonly number[];
  readonly price: readonly number[];
}

export type PremiumLookup = PremiumSeries | { readonly unavailable: string };

/** Where an option's ticks of a trading date may be found. */
export interface PremiumTicks {
  /** The ticks of `symbol` with a time in [fromTs, toTs] on trading date `date`, or why this place has none. */
  around(symbol: string, date: string, fromTs: number, toTs: number): PremiumLookup;
}

/** The rows of `instrument` in [fromTs, toTs], ordered by time (recordings keep the order ticks were processed, which may differ within a millisecond). */
export function ticksInWindow(cols: TickColumns, instrument: number, fromTs: number, toTs: number): { ts: number[]; price: number[] } {
  const rows: number[] = [];
  for (let i = 0; i < cols.length; i++) {
    const t = cols.ts[i]!;
    if (cols.instrument[i] === instrument && t >= fromTs && t <= toTs) rows.push(i);
  }
  rows.sort((a, b) => cols.ts[a]! - cols.ts[b]! || a - b);
  return { ts: rows.map((i) => cols.ts[i]!), price: rows.map((i) => cols.ltp[i]!) };
}

/** The id of `symbol` in `universe`, or undefined. */
export function instrumentId(universe: Universe, symbol: string): number | undefined {
  return universe.instruments.find((i) => i.symbol === symbol)?.id;
}

/**
 * The run in force as a place to look: the days of its simulator or replay (a live feed keeps no days).
 * `feedTs`: the run's time now; later ticks are left out, as the market after now is not known yet.
 */
export function runSourcePremium(current: () => RunSource | null, feedTs: () => number | null): PremiumTicks {
  // A trader opens several trades of one day in a row: the day is generated once (0.5–0.9 s on the project's machine).
  let kept: { source: RunSource; day: number; cols: TickColumns } | null = null;
  return {
    around(symbol, date, fromTs, toTs) {
      const source = current();
      if (source === null) return { unavailable: 'the engine has not been started, so no run holds the day' };
      if (source.kind === 'live') return { unavailable: 'the run trades on a live feed, which keeps no days (its ticks are in the recordings)' };
      let day = -1;
      for (let d = 0; d < source.dayCount && day < 0; d++) if (source.dateOf(d) === date) day = d;
      const what = source.kind === 'simulator' ? `the ${source.label} simulator of the run in force` : `the replay of ${source.label}`;
      if (day < 0) return { unavailable: `${date} is not a day of ${what}` };
      const id = instrumentId(source.universe, symbol);
      if (id === undefined) return { unavailable: `${what} has no instrument ${symbol}` };
      if (kept?.source !== source || kept.day !== day) kept = { source, day, cols: source.columnsForDay(day) };
      const cols = kept.cols;
      const now = feedTs() ?? Infinity;
      return { source: source.kind === 'simulator' ? `${what}, ${date} regenerated from its seed` : `${what}, ${date}`, ...ticksInWindow(cols, id, fromTs, Math.min(toTs, now)) };
    },
  };
}

/** The first place that has ticks of the symbol in the window; otherwise every place's reason. */
export function firstPremium(places: readonly PremiumTicks[]): PremiumTicks {
  return {
    around(symbol, date, fromTs, toTs) {
      const reasons: string[] = [];
      for (const p of places) {
        const r = p.around(symbol, date, fromTs, toTs);
        if (!('unavailable' in r) && r.ts.length > 0) return r;
        reasons.push('unavailable' in r ? r.unavailable : `${r.source}: no tick of ${symbol} in the window`);
      }
      return { unavailable: reasons.join('; ') };
    },
  };
}
