/** US Eastern UTC offset of a trading date from the US daylight-saving rules (a trading date is never a changeover Sunday). */
import { dateToDayNumber } from '../../core/calendar/exchange-time.js';

function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of the n-th (1-based) Sunday of a month; n = -1 for the last. */
function sunday(year: number, month: number, n: number): number {
  if (n > 0) {
    const first = dateToDayNumber(`${year}-${String(month).padStart(2, '0')}-01`);
    return first + ((7 - weekdayOf(first)) % 7) + 7 * (n - 1);
  }
  const nextFirst = month === 12 ? dateToDayNumber(`${year + 1}-01-01`) : dateToDayNumber(`${year}-${String(month + 1).padStart(2, '0')}-01`);
  const last = nextFirst - 1;
  return last - weekdayOf(last);
}

/** −240 (EDT) or −300 (EST): since 2007 DST runs from the second Sunday of March to the first Sunday of November; 1987–2006 from the first Sunday of April to the last Sunday of October. */
export function usEasternOffsetMin(date: string): number {
  const day = dateToDayNumber(date);
  const year = Number(date.slice(0, 4));
  const [start, end] = year >= 2007 ? [sunday(year, 3, 2), sunday(year, 11, 1)] : [sunday(year, 4, 1), sunday(year, 10, -1)];
  return day >= start && day < end ? -240 : -300;
}
