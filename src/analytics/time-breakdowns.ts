/** Breakdowns by exchange-local time of day and weekday of the entry, from epoch ms and each record's UTC offset. */
import { minuteOfDay, weekday } from '../core/calendar/exchange-time.js';
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { positiveInteger } from './analytics-args.js';
import { addToTally, newTally, tallyRow, type BreakdownRow, type Tally } from './breakdown-row.js';

const MINUTES_PER_DAY = 1440;

/** Weekday labels, Monday first (the order of byDayOfWeek). */
export const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "HH:MM" of a minute of the day. */
export const hhmm = (minute: number): string => `${two(Math.floor(minute / 60))}:${two(minute % 60)}`;

/**
 * By exchange-local time of day of the entry, in slots of `intervalMin` minutes from local midnight, labelled by
 * the slot start "HH:MM"; only non-empty slots, sorted by label. intervalMin: integer 1..1440 (RangeError otherwise).
 */
export function byTimeOfDay(trades: readonly ClosedTradeRecord[], intervalMin: number): BreakdownRow[] {
  positiveInteger('intervalMin', intervalMin, MINUTES_PER_DAY);
  const slots = new Array<Tally | undefined>(Math.ceil(MINUTES_PER_DAY / intervalMin));
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    const s = Math.floor(minuteOfDay(t.entryTs, t.utcOffsetMin) / intervalMin);
    addToTally((slots[s] ??= newTally()), t);
  }
  const rows: BreakdownRow[] = [];
  slots.forEach((g, s) => {
    if (g !== undefined) rows.push(tallyRow(hhmm(s * intervalMin), g));
  });
  return rows;
}

/** By exchange-local weekday of the entry, labelled Mon..Sun; only non-empty days, Monday first. */
export function byDayOfWeek(trades: readonly ClosedTradeRecord[]): BreakdownRow[] {
  const days = new Array<Tally | undefined>(7);
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    const d = (weekday(t.entryTs, t.utcOffsetMin) + 6) % 7; // 0 = Monday
    addToTally((days[d] ??= newTally()), t);
  }
  const rows: BreakdownRow[] = [];
  days.forEach((g, d) => {
    if (g !== undefined) rows.push(tallyRow(WEEKDAY_LABELS[d]!, g));
  });
  return rows;
}
