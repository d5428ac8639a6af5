/** Pure exchange-calendar arithmetic: local time of day, trading date and weekday from epoch ms and a fixed UTC offset. */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Local epoch-ms (wall time in the exchange's zone, counted as if UTC). */
export function localMs(ts: number, utcOffsetMin: number): number {
  return ts + utcOffsetMin * MS_PER_MINUTE;
}

/** Minutes since local midnight, 0..1439. */
export function minuteOfDay(ts: number, utcOffsetMin: number): number {
  const local = localMs(ts, utcOffsetMin);
  return Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE);
}

/** Days since 1970-01-01 in local time. */
export function localDayNumber(ts: number, utcOffsetMin: number): number {
  return Math.floor(localMs(ts, utcOffsetMin) / MS_PER_DAY);
}

/** Local weekday: 0 = Sunday … 6 = Saturday. */
export function weekday(ts: number, utcOffsetMin: number): number {
  return (((localDayNumber(ts, utcOffsetMin) + 4) % 7) + 7) % 7;
}

/** Civil date (YYYY-MM-DD) of a day number (days since 1970-01-01), by Howard Hinnant's algorithm. */
export function dayNumberToDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Day number of a civil date string YYYY-MM-DD; throws on a malformed date. */
export function dateToDayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`date must be YYYY-MM-DD, got ${date}`);
  let y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > 31) throw new RangeError(`invalid date ${date}`);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  if (dayNumberToDate(days) !== date) throw new RangeError(`invalid date ${date}`);
  return days;
}

/** The exchange trading date (YYYY-MM-DD) of a tick time. */
export function tradingDate(ts: number, utcOffsetMin: number): string {
  return dayNumberToDate(localDayNumber(ts, utcOffsetMin));
}

/** Epoch ms of a local date + minute of day. */
export function epochOfLocal(date: string, minute: number, utcOffsetMin: number): number {
  return dateToDayNumber(date) * MS_PER_DAY + (minute - utcOffsetMin) * MS_PER_MINUTE;
}

/** Parses "HH:MM" to minutes since midnight; throws naming the rule. */
export function parseHhMm(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) throw new RangeError(`time must be HH:MM (24h), got ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
