/** Builders for the backtest-metrics tests: ClosedTrade records in IST and fast-check arbitraries of whole runs. */
import fc from 'fast-check';
import { dayNumberToDate, dateToDayNumber, epochOfLocal } from '../../../src/core/calendar/exchange-time.js';
import type { ClosedTrade } from '../../../src/core/model/events.js';

export const IST = 330;
/** 09:15–15:30, 375 minutes. */
export const SESSION_MS = 375 * 60_000;
export const DAY_MS = 86_400_000;

/** Epoch ms of an IST wall time on `date`. */
export const ist = (date: string, hh: number, mm: number): number => epochOfLocal(date, hh * 60 + mm, IST);

/** A closed trade with `net` and `charges` (gross follows), everything else overridable. */
export function trade(over: Partial<ClosedTrade> & { net?: number } = {}): ClosedTrade {
  const { net = 0, ...rest } = over;
  const charges = rest.charges ?? 0;
  const base: ClosedTrade = {
    id: 'T1',
    side: 'CE',
    symbol: 'NIFTY26JAN24000CE',
    instrument: 1,
    qty: 75,
    entryTs: ist('2026-01-05', 9, 20),
    entryPrice: 10_000,
    exitTs: ist('2026-01-05', 9, 25),
    exitPrice: 10_000,
    grossPnl: net + charges,
    charges,
    netPnl: net,
    exitReason: 'take_profit',
    fills: [],
  };
  return { ...base, ...rest, grossPnl: rest.grossPnl ?? base.grossPnl, netPnl: rest.netPnl ?? net };
}

/** `n` consecutive calendar dates from `first`. */
export function consecutiveDates(first: string, n: number): string[] {
  const d0 = dateToDayNumber(first);
  return Array.from({ length: n }, (_, i) => dayNumberToDate(d0 + i));
}

/** A trade shifted by `days` calendar days, with an id suffix so ids stay unique. */
export function shiftTrade(t: ClosedTrade, days: number, suffix: string): ClosedTrade {
  return { ...t, id: t.id + suffix, entryTs: t.entryTs + days * DAY_MS, exitTs: t.exitTs + days * DAY_MS };
}

export interface Run {
  readonly dates: string[];
  readonly trades: ClosedTrade[];
}

/**
 * A run over 1–15 consecutive dates from 2026-01-05 with 0–4 non-overlapping trades per date inside the session,
 * integer gross P&L and charges (some break-even trades).
 */
export const runArb: fc.Arbitrary<Run> = fc
  .integer({ min: 1, max: 15 })
  .chain((nDays) =>
    fc.tuple(
      fc.constant(nDays),
      fc.array(
        fc.array(
          fc.record({
            gross: fc.oneof(fc.integer({ min: -50_000, max: 50_000 }), fc.constant(0)),
            charges: fc.integer({ min: 0, max: 5_000 }),
            holdMin: fc.integer({ min: 0, max: 60 }),
          }),
          { maxLength: 4 },
        ),
        { minLength: nDays, maxLength: nDays },
      ),
    ),
  )
  .map(([nDays, perDay]) => {
    const dates = consecutiveDates('2026-01-05', nDays);
    const trades: ClosedTrade[] = [];
    perDay.forEach((day, d) =>
      day.forEach((x, k) => {
        // Slot k of 90 minutes from 09:15; a hold of ≤ 60 minutes keeps the trades of a day apart.
        const entryTs = epochOfLocal(dates[d]!, 9 * 60 + 15 + k * 90, IST);
        trades.push(
          trade({
            id: `T${d}-${k}`,
            entryTs,
            exitTs: entryTs + x.holdMin * 60_000,
            grossPnl: x.gross,
            charges: x.charges,
            netPnl: x.gross - x.charges,
          }),
        );
      }),
    );
    return { dates, trades };
  });
