/** Schema of config/exchange-holidays.json (weekday exchange closures per year, each year with its source) and the trading days of one exchange. */
import { z } from 'zod';
import { formatIssues, isCalendarDate, isoDate } from './calendar-schema.js';
import { TradingDays, weekdayOfDate } from './trading-days.js';

const holidaySchema = z.strictObject({ date: isoDate, name: z.string().min(1) });

const yearSchema = z
  .strictObject({
    year: z.int().min(1990).max(2100),
    /** False when the list could not be checked against the exchange's own circular. */
    confirmed: z.boolean(),
    source: z.string().min(1),
    note: z.string().optional(),
    holidays: z.array(holidaySchema),
  })
  .superRefine((y, ctx) => {
    y.holidays.forEach((h, i) => {
      if (!isCalendarDate(h.date)) return; // already reported by the date rule
      if (!h.date.startsWith(`${y.year}-`)) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: `must fall in ${y.year}` });
      else if ([0, 6].includes(weekdayOfDate(h.date))) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: 'falls on a weekend: list only weekday closures (weekends never trade)' });
      }
      const prev = y.holidays[i - 1];
      if (prev !== undefined && prev.date >= h.date) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: `must be after ${prev.date} (dates in order, no repeats)` });
    });
  });

const calendarSchema = z
  .strictObject({
    name: z.string().min(1),
    /** Exchanges and segments that close on these days, e.g. NSE, NFO, BSE, BFO. */
    exchanges: z.array(z.string().min(1)).min(1),
    years: z.array(yearSchema).min(1),
  })
  .superRefine((c, ctx) => {
    c.years.forEach((y, i) => {
      const prev = c.years[i - 1];
      if (prev !== undefined && prev.year >= y.year) ctx.addIssue({ code: 'custom', path: ['years', i, 'year'], message: `must be after ${prev.year} (years in order, no repeats)` });
    });
  });

export const holidayFileSchema = z
  .strictObject({
    version: z.literal(1),
    note: z.string().optional(),
    calendars: z.array(calendarSchema).min(1),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.calendars.forEach((c, i) =>
      c.exchanges.forEach((x, j) => {
        if (seen.has(x)) ctx.addIssue({ code: 'custom', path: ['calendars', i, 'exchanges', j], message: `${x} is already in an earlier calendar` });
        seen.add(x);
      }),
    );
  });

export type HolidayFile = z.output<typeof holidayFileSchema>;

/** Validates parsed JSON; throws an Error listing each bad field as `path: rule`. */
export function parseHolidayFile(json: unknown): HolidayFile {
  const result = holidayFileSchema.safeParse(json);
  if (result.success) return result.data;
  throw new Error(`invalid holiday calendar: ${formatIssues(result.error)}`);
}

/** The calendar `exchange` belongs to, if any. */
export function holidayCalendarOf(file: HolidayFile, exchange: string): HolidayFile['calendars'][number] | undefined {
  return file.calendars.find((c) => c.exchanges.includes(exchange));
}

/** Trading days of `exchange`: weekdays minus its listed holidays. Years the file does not list have no holidays. */
export function tradingDaysOf(file: HolidayFile, exchange: string): TradingDays {
  const calendar = holidayCalendarOf(file, exchange);
  if (calendar === undefined) {
    throw new RangeError(`no holiday calendar for exchange ${exchange}; the file has ${file.calendars.flatMap((c) => c.exchanges).join(', ')}`);
  }
  return new TradingDays(new Map(calendar.years.flatMap((y) => y.holidays.map((h) => [h.date, h.name] as const))));
}
