/** Simulated trading calendar: weekdays only (no exchange holiday list) and weekly expiries on a fixed weekday. */
import { dateToDayNumber, dayNumberToDate } from '../../core/calendar/exchange-time.js';

/** Weekday of a day number (days since 1970-01-01, a Thursday): 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Weekday of a YYYY-MM-DD date: 0 = Sunday … 6 = Saturday. */
export function weekdayOfDate(date: string): number {
  return weekdayOfDayNumber(dateToDayNumber(date));
}

function isWeekdayNumber(day: number): boolean {
  const wd = weekdayOfDayNumber(day);
  return wd !== 0 && wd !== 6;
}

/**
 * `count` trading dates from `startDate` (inclusive; a weekend start moves to the next Monday).
 * Only Saturdays and Sundays are skipped: exchange holidays are not modelled, so a simulated
 * session may fall on a real holiday.
 */
export function tradingDates(startDate: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`days must be a positive integer, got ${count}`);
  const out: string[] = [];
  let day = dateToDayNumber(startDate);
  while (out.length < count) {
    if (isWeekdayNumber(day)) out.push(dayNumberToDate(day));
    day += 1;
  }
  return out;
}

/** The weekly expiry on or after `date` that falls on `expiryWeekday` (0 = Sunday … 6 = Saturday). */
export function nextExpiry(date: string, expiryWeekday: number): string {
  const day = dateToDayNumber(date);
  const ahead = (((expiryWeekday - weekdayOfDayNumber(day)) % 7) + 7) % 7;
  return dayNumberToDate(day + ahead);
}

/** Trading days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function tradingDaysAfter(from: string, to: string): number {
  const a = dateToDayNumber(from);
  const b = dateToDayNumber(to);
  let n = 0;
  for (let day = a + 1; day <= b; day++) if (isWeekdayNumber(day)) n++;
  return n;
}
