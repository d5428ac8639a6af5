/** Breakdowns by exchange-local time of day and weekday of the entry, from epoch ms and each record's UTC offset. */
import { minuteOfDay, weekday } from '../core/calendar/exchange-time.js';
import type { ClosedTradeRecord } from '../core/model/book-records.js';
import { positiveInteger } from './analytics-args.js';
import { addToTally, newTally, tallyRow, type BreakdownRow, type Tally } from './breakdown-row.js';
import { accumulate, type TradeAccumulator } from './trade-accumulator.js';

const MINUTES_PER_DAY = 1440;

/** Weekday labels, Monday first (the order of byDayOfWeek). */
export const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "HH:MM" of a minute of the day. */
export const hhmm = (minute: number): string => `${two(Math.floor(minute / 60))}:${two(minute % 60)}`;

/** Rows of the non-empty slots, in slot order. */
function slotRows(slots: readonly (Tally | undefined)[], label: (slot: number) => string): BreakdownRow[] {
  const rows: BreakdownRow[] = [];
  for (let s = 0; s < slots.length; s++) {
    const g = slots[s];
    if (g !== undefined) rows.push(tallyRow(label(s), g));
  }
  return rows;
}

/** Slots of `intervalMin` minutes from exchange-local midnight, by entry time; intervalMin: integer 1..1440 (RangeError otherwise). */
export class TimeOfDayBreakdown implements TradeAccumulator<BreakdownRow[]> {
  private readonly slots: (Tally | undefined)[];
  private readonly intervalMin: number;

  constructor(intervalMin: number) {
    this.intervalMin = positiveInteger('intervalMin', intervalMin, MINUTES_PER_DAY);
    this.slots = new Array<Tally | undefined>(Math.ceil(MINUTES_PER_DAY / this.intervalMin)).fill(undefined);
  }

  add(t: ClosedTradeRecord): void {
    const s = Math.floor(minuteOfDay(t.entryTs, t.utcOffsetMin) / this.intervalMin);
    addToTally((this.slots[s] ??= newTally()), t);
  }

  /** Non-empty slots labelled by their start "HH:MM", sorted by label. */
  result(): BreakdownRow[] {
    return slotRows(this.slots, (s) => hhmm(s * this.intervalMin));
  }
}

/** Exchange-local weekday of the entry. */
export class DayOfWeekBreakdown implements TradeAccumulator<BreakdownRow[]> {
  private readonly days = new Array<Tally | undefined>(7).fill(undefined);

  add(t: ClosedTradeRecord): void {
    const d = (weekday(t.entryTs, t.utcOffsetMin) + 6) % 7; // 0 = Monday
    addToTally((this.days[d] ??= newTally()), t);
  }

  /** Non-empty days labelled Mon..Sun, Monday first. */
  result(): BreakdownRow[] {
    return slotRows(this.days, (d) => WEEKDAY_LABELS[d]!);
  }
}

/** By exchange-local time of day of the entry in slots of `intervalMin` minutes, labelled "HH:MM"; non-empty slots, sorted by label. */
export const byTimeOfDay = (trades: readonly ClosedTradeRecord[], intervalMin: number): BreakdownRow[] =>
  accumulate(trades, new TimeOfDayBreakdown(intervalMin));

/** By exchange-local weekday of the entry, labelled Mon..Sun; non-empty days, Monday first. */
export const byDayOfWeek = (trades: readonly ClosedTradeRecord[]): BreakdownRow[] => accumulate(trades, new DayOfWeekBreakdown());
