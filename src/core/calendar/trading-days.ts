/** Exchange trading days: weekdays that are not listed exchange holidays, with pure date arithmetic over them. */
import { dateToDayNumber, dayNumberToDate } from './exchange-time.js';

/** Weekday of a day number (days since 1970-01-01, a Thursday): 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Weekday of a YYYY-MM-DD date: 0 = Sunday … 6 = Saturday. */
export function weekdayOfDate(date: string): number {
  return weekdayOfDay(dateToDayNumber(date));
}

/** The longest run of consecutive non-trading days the lookups will step over before calling the data broken. */
const MAX_CLOSED_RUN = 30;

/**
 * A set of exchange holidays (weekday closures) turned into trading-day lookups. Saturdays and
 * Sundays never trade; special weekend sessions (budget days, Muhurat) are not modelled.
 */
export class TradingDays {
  private readonly holidays: ReadonlyMap<number, string>;

  /** `holidays` maps YYYY-MM-DD to the holiday's name; an empty map gives weekdays only. */
  constructor(holidays: ReadonlyMap<string, string> = new Map()) {
    const byDay = new Map<number, string>();
    for (const [date, name] of holidays) byDay.set(dateToDayNumber(date), name);
    this.holidays = byDay;
  }

  isTradingDay(day: number): boolean {
    const wd = weekdayOfDay(day);
    return wd !== 0 && wd !== 6 && !this.holidays.has(day);
  }

  isTradingDate(date: string): boolean {
    return this.isTradingDay(dateToDayNumber(date));
  }

  /** The holiday's name when `date` is a listed exchange holiday. */
  holidayOn(date: string): string | undefined {
    return this.holidays.get(dateToDayNumber(date));
  }

  /** The last trading day on or before `day`. */
  onOrBefore(day: number): number {
    for (let d = day; d > day - MAX_CLOSED_RUN; d--) if (this.isTradingDay(d)) return d;
    throw new RangeError(`no trading day in the ${MAX_CLOSED_RUN} days up to ${dayNumberToDate(day)}: is the holiday list broken?`);
  }

  /** The first trading day on or after `day`. */
  onOrAfter(day: number): number {
    for (let d = day; d < day + MAX_CLOSED_RUN; d++) if (this.isTradingDay(d)) return d;
    throw new RangeError(`no trading day in the ${MAX_CLOSED_RUN} days from ${dayNumberToDate(day)}: is the holiday list broken?`);
  }

  /** `count` trading dates from `startDate` (inclusive; a weekend or holiday start moves to the next trading day). */
  dates(startDate: string, count: number): string[] {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`days must be a positive integer, got ${count}`);
    const out: string[] = [];
    let day = this.onOrAfter(dateToDayNumber(startDate));
    while (out.length < count) {
      out.push(dayNumberToDate(day));
      day = this.onOrAfter(day + 1);
    }
    return out;
  }

  /** Trading days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
  sessionsAfter(from: string, to: string): number {
    const b = dateToDayNumber(to);
    let n = 0;
    for (let day = dateToDayNumber(from) + 1; day <= b; day++) if (this.isTradingDay(day)) n++;
    return n;
  }
}
