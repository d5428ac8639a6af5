/** Checks a list of trading dates (YYYY-MM-DD, strictly ascending) and returns their day numbers. */
import { dateToDayNumber } from '../../core/calendar/exchange-time.js';

/** Day numbers (days since 1970-01-01) of `dates`; throws a RangeError naming `field` on a malformed, repeated or unordered date. */
export function tradingDayNumbers(dates: readonly string[], field: string): number[] {
  const days = new Array<number>(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i]!;
    let day: number;
    try {
      day = dateToDayNumber(date);
    } catch {
      throw new RangeError(`${field}[${i}] must be a valid YYYY-MM-DD date, got ${JSON.stringify(date)}`);
    }
    if (i > 0 && day <= days[i - 1]!) {
      throw new RangeError(`${field} must be strictly ascending: ${field}[${i}] = ${date} follows ${dates[i - 1]}`);
    }
    days[i] = day;
  }
  return days;
}
